package sqlstore

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNumberedPlaceholders(t *testing.T) {
	pg := &Store{d: Dialect{Numbered: true}}
	lite := &Store{d: Dialect{}}
	q := `INSERT INTO t (a, b, c) VALUES (?, ?, 'é'), (?, ?, ?, ?)`
	want := `INSERT INTO t (a, b, c) VALUES ($1, $2, 'é'), ($3, $4, $5, $6)`
	assert.Equal(t, want, pg.q(q))
	assert.Equal(t, want, pg.q(q), "the cached rewrite is the same")
	assert.Equal(t, "SELECT 1", pg.q("SELECT 1"))
	assert.Equal(t, q, lite.q(q), "a dialect with ? placeholders keeps the text")
}
