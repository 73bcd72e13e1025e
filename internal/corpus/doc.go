// Package corpus writes synthetic, valid Casebook sites of any size: a site.toml with the
// controlled vocabularies and content/{policies,rules,cases}/*.md entries whose front matter
// follows the content schema and whose Chinese bodies read like judicial-assistance documents.
//
// Output depends only on the options: the same seed and configuration give the same bytes.
// It feeds benchmarks and tests of the generator and the search index.
package corpus
