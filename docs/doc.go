// Package docs holds Rivulet's documentation: the guide (guide.md, flows.md, cli.md) and
// the reference pages under reference/, which cmd/docgen generates from the code's
// registries and doc comments. Run `go generate ./docs` after changing a doc comment; the
// tests of cmd/docgen fail while the pages are stale, and the tests of this package run the
// guide's examples.
package docs

//go:generate go run ../cmd/docgen

import _ "embed"

// FunctionsReference is the generated reference page of the expression functions
// (reference/functions.md), embedded so that flowserver's editor can offer each function's
// summary and examples in its autocomplete without reading the repository at run time.
//
//go:embed reference/functions.md
var FunctionsReference []byte
