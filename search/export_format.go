package search

// ExportVersion is the version of the static export format that
// manifest.json declares; the browser runtime refuses other versions.
//
// The export is a folder of JSON files, fetched by the browser runtime
// (themes/default/static/js/search.js) only as a query needs them:
//
//	manifest.json    version, doc count, text fields and their boosts,
//	                 facet fields and their value dictionaries, the BM25
//	                 statistics (doc count, tokens per field, average field
//	                 length as bleve rounds it), the shard scheme
//	fold.json        {"pairs": "萬万與与…"}: the Traditional → Simplified
//	                 table, source and target characters in turn
//	fold/XX.json     the same table cut by blocks of 256 code points (XX =
//	                 code point >> 8, hex; the manifest lists them): "f" the
//	                 pairs whose source is in the block, "i" those whose
//	                 target is; the runtime fetches only its query's blocks
//	docs/stats.json  one column per property, one entry per doc: "date"
//	                 (days since 1970 of the first doc, then the decrease
//	                 from the previous doc), "len" (tokens per text field),
//	                 "facets" (indexes into the manifest's dictionaries,
//	                 joined by "."); numbers in base 36, entries joined by ","
//	terms/XX.json    the term shard XX = FNV-1a(key) mod shards, in hex:
//	                 "term": {"field index": postings} where postings are
//	                 "delta" or "delta.tf" entries (doc numbers delta-coded);
//	                 "\"phrase": {"field index": docs} for phrases indexed
//	                 whole (kept in the shard of the phrase's first bigram);
//	                 an entry too large for a shard is the number k there,
//	                 and lives in terms/XX-k.json
//	chars/XX.json    "~c": {"t": [terms containing the character c], "p":
//	                 {term: entry} for those of small entries}, sharded as
//	                 terms/ by c (manifest "chars": {"shards"}), fetched only
//	                 by one-character queries; large entries as in terms/
//	pos/B/XX.json    positions for docs B*blockDocs … (B+1)*blockDocs-1:
//	                 "term": {"field index": "doc:pos.pos,…"}, doc relative
//	                 to the block, positions delta-coded; in keywords the
//	                 position of value i is i<<20 | position
//	text/N.json      what hit N shows: id, section, title, url, date,
//	                 summary, and the body (trailing white space removed)
//	                 when it has at most 2,000 characters; otherwise "more": 1
//	                 and the body is text/N-1.json {"body": …}, fetched only
//	                 while the snippet has not found its match
//
// manifest.json also carries "build", a fingerprint of every other file,
// so that an Exporter recognises a folder it wrote.
//
// Docs are numbered newest first, then by id, so that "score, then date,
// then id" is "score, then number", and sorting by date is numeric order.
const ExportVersion = 2
