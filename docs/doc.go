// Package docs holds Rivulet's documentation: the guide (guide.md, flows.md, cli.md) and
// the reference pages under reference/, which cmd/docgen generates from the code's
// registries and doc comments. Run `go generate ./docs` after changing a doc comment; the
// tests of cmd/docgen fail while the pages are stale, and the tests of this package run the
// guide's examples.
package docs

//go:generate go run ../cmd/docgen
