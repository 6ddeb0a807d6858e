package loadtest_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/server/loadtest"
	"github.com/rivuletflows/rivulet/store/postgres/pgtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoad runs a small bounded load (50 contacts, 4 messages each) on SQLite and, when
// RIVULET_TEST_POSTGRES is set, on PostgreSQL: every message is answered.
func TestLoad(t *testing.T) {
	dbs := map[string]string{"sqlite": ""}
	if dsn := os.Getenv(pgtest.EnvVar); dsn != "" {
		dbs["postgres"] = dsn
	}
	for name, db := range dbs {
		t.Run(name, func(t *testing.T) {
			var prof, mem bytes.Buffer
			res, err := loadtest.Run(context.Background(), loadtest.Options{
				DB: db, Assets: "../../testdata/flows/two_questions.json", Flow: "4c6ec1a8-ea40-401b-8d45-1dff7bb1afcd",
				Replies: []string{"fruit", "mango", "3", "again"}, Contacts: 50, Concurrency: 8, Timeout: time.Minute,
				CPUProfile: &prof, MemProfile: &mem,
			})
			require.NoError(t, err)
			assert.Equal(t, 200, res.Messages)
			assert.Zero(t, res.Errors)
			assert.Greater(t, res.PerSecond, 0.0)
			assert.LessOrEqual(t, res.P50, res.P99)
			// every message is at least a read and a write, all in transactions that commit
			assert.GreaterOrEqual(t, res.Statements, 2.0)
			assert.GreaterOrEqual(t, res.Transactions, 1.0)
			assert.Greater(t, res.Commits, 0.0)
			assert.GreaterOrEqual(t, res.RoundTrips, 2.0)
			assert.LessOrEqual(t, res.Commits, res.Transactions)
			assert.Greater(t, res.ArgBytes, 0.0)
			assert.Greater(t, res.ResponseBytes, res.RequestBytes)
			assert.Contains(t, res.String(), "statements")
			assert.NotZero(t, prof.Len(), "the CPU profile is written")
			assert.NotZero(t, mem.Len(), "the allocations profile is written")
			t.Log(res)
		})
	}
}

// TestLoadWarmupAndRate: warm-up contacts converse first and are not counted; a paced run
// sends at the rate asked and ends when every contact is done.
func TestLoadWarmupAndRate(t *testing.T) {
	res, err := loadtest.Run(context.Background(), loadtest.Options{
		Assets: "../../testdata/flows/two_questions.json", Flow: "4c6ec1a8-ea40-401b-8d45-1dff7bb1afcd",
		Replies: []string{"fruit", "mango", "3", "again"}, Contacts: 20, Warmup: 10, Concurrency: 4, Rate: 400, Timeout: time.Minute,
	})
	require.NoError(t, err)
	assert.Equal(t, 80, res.Messages, "only the measured contacts' messages are counted")
	assert.Zero(t, res.Errors)
	// 80 messages at 400/s take at least 80 ticks of 2.5ms
	assert.GreaterOrEqual(t, res.Duration, 190*time.Millisecond)
	assert.LessOrEqual(t, res.PerSecond, 420.0)
}
