package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
)

// maxGroup bounds how many transactions one group commit holds.
const maxGroup = 64

// writeReq is a transaction waiting for the single writer.
type writeReq struct {
	ctx  context.Context
	fn   func(tx *sql.Tx) error
	done chan error
}

// groupWriter runs the write transactions of a single-writer database (SQLite) on one
// goroutine and commits the ones waiting together: each runs inside a savepoint of one
// transaction, so a failing one is rolled back alone and the others commit with one
// commit instead of one each. Every transaction keeps its all-or-nothing: it is either in
// the commit whole or not at all.
type groupWriter struct {
	s    *Store
	reqs chan *writeReq
	quit chan struct{}
	done chan struct{}
}

func newGroupWriter(s *Store) *groupWriter {
	g := &groupWriter{s: s, reqs: make(chan *writeReq, maxGroup), quit: make(chan struct{}), done: make(chan struct{})}
	go g.loop()
	return g
}

// run queues a transaction and waits for its outcome.
func (g *groupWriter) run(ctx context.Context, fn func(tx *sql.Tx) error) error {
	r := &writeReq{ctx: context.WithoutCancel(ctx), fn: fn, done: make(chan error, 1)}
	select {
	case g.reqs <- r:
	case <-ctx.Done():
		return ctx.Err()
	case <-g.quit:
		return fmt.Errorf("store is closed")
	}
	return <-r.done
}

func (g *groupWriter) close() {
	close(g.quit)
	<-g.done
}

func (g *groupWriter) loop() {
	defer close(g.done)
	for {
		var first *writeReq
		select {
		case first = <-g.reqs:
		case <-g.quit:
			return
		}
		batch := []*writeReq{first}
	more:
		for len(batch) < maxGroup {
			select {
			case r := <-g.reqs:
				batch = append(batch, r)
			default:
				break more
			}
		}
		g.commit(batch)
	}
}

func (g *groupWriter) commit(batch []*writeReq) {
	if len(batch) == 1 {
		batch[0].done <- g.s.runTx(batch[0].ctx, batch[0].fn)
		return
	}
	// the transaction serves every request of the batch: one caller giving up must not roll
	// back the others' sprints, so it runs without their cancellation, carrying the first
	// request's values (a queued caller waits for the batch's outcome either way)
	ctx := context.WithoutCancel(batch[0].ctx)
	g.s.roundTrips.Add(int64(2 + 2*len(batch)))
	tx, err := g.s.db.BeginTx(ctx, nil)
	if err != nil {
		g.s.transactions.Add(int64(len(batch)))
		for _, r := range batch {
			r.done <- fmt.Errorf("unable to begin transaction: %w", err)
		}
		return
	}
	results := make([]error, len(batch))
	for i, r := range batch {
		if _, err := tx.ExecContext(ctx, "SAVEPOINT sprint"); err != nil {
			results[i] = fmt.Errorf("unable to begin savepoint: %w", err)
			continue
		}
		if err := r.fn(tx); err != nil {
			results[i] = err
			if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO sprint"); rerr != nil {
				// the transaction is unusable: nothing of the group commits
				tx.Rollback()
				g.s.transactions.Add(int64(len(batch)))
				for j, r := range batch {
					if j == i {
						r.done <- err
					} else {
						r.done <- fmt.Errorf("unable to write: a transaction committed with it failed: %w", rerr)
					}
				}
				return
			}
		}
		if _, err := tx.ExecContext(ctx, "RELEASE sprint"); err != nil && results[i] == nil {
			results[i] = fmt.Errorf("unable to release savepoint: %w", err)
		}
	}
	g.s.transactions.Add(int64(len(batch)))
	if err := tx.Commit(); err != nil {
		for _, r := range batch {
			r.done <- fmt.Errorf("unable to commit: %w", err)
		}
		return
	}
	g.s.commits.Add(1)
	for i, r := range batch {
		r.done <- results[i]
	}
}
