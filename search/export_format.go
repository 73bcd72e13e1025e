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
//	                 "~c": [terms containing the character c] (kept in the
//	                 shard of c)
//	pos/B/XX.json    positions for docs B*blockDocs … (B+1)*blockDocs-1:
//	                 "term": {"field index": "doc:pos.pos,…"}, doc relative
//	                 to the block, positions delta-coded; in keywords the
//	                 position of value i is i<<20 | position
//	text/N.json      what hit N shows: id, section, title, url, date,
//	                 summary, and the body's first 400 characters (trailing
//	                 white space removed); "more": the number of further
//	                 pieces, text/N-1.json … {"body": …}, fetched only when
//	                 the snippet's match lies beyond
//
// Docs are numbered newest first, then by id, so that "score, then date,
// then id" is "score, then number", and sorting by date is numeric order.
const ExportVersion = 1
