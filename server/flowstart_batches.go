package server

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/rivuletflows/rivulet/store"
)

// A flow start's contacts, once listed, are split into batches of flowStartBatchSize that
// any worker claims (leased for the server's ClaimLease) and runs, so a start to many
// contacts goes at the rate of every worker together. A batch whose worker died is claimed
// again when its lease ends and run from its first contact: those already started have
// their key in the store and are counted, not started twice. The start completes with its
// last batch.

// goFlowStartBatches runs claimable batches in the background unless this worker already
// does.
func (s *Server) goFlowStartBatches() {
	if s.ctx.Err() != nil || !s.batchRunner.CompareAndSwap(false, true) {
		return
	}
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		defer s.batchRunner.Store(false)
		s.runFlowStartBatches(s.ctx)
	}()
}

// RunFlowStartBatches claims and runs flow start batches until none is left to claim,
// returning how many it finished.
func (s *Server) RunFlowStartBatches(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		now := s.clock.Now()
		claims, err := s.store.ClaimFlowStartBatches(ctx, now, now.Add(s.lease), 1)
		if err != nil {
			return n, err
		}
		if len(claims) == 0 {
			return n, nil
		}
		if s.runFlowStartBatch(ctx, claims[0]) {
			n++
		}
	}
	return n, nil
}

func (s *Server) runFlowStartBatches(ctx context.Context) {
	if _, err := s.RunFlowStartBatches(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("unable to run flow start batches", "error", err)
	}
}

// runFlowStartBatch starts the flow for each contact of the batch and reports whether it
// finished it.
func (s *Server) runFlowStartBatch(ctx context.Context, b *store.FlowStartBatch) bool {
	s.metrics.flowStarts.Inc()
	defer s.metrics.flowStarts.Dec()
	log := s.log.With("flow_start", b.StartUUID, "batch", b.Index)
	ws, err := s.store.Workspace(ctx, b.WorkspaceID)
	var fs *store.FlowStart
	if err == nil {
		fs, err = s.store.FlowStart(ctx, ws.ID, b.StartUUID)
	}
	in := &flowStartInput{}
	var f *store.Flow
	if err == nil {
		if err = json.Unmarshal(fs.Request, in); err == nil {
			f, err = s.store.Flow(ctx, ws.ID, fs.FlowUUID)
		}
	}
	if err != nil {
		// the workspace or flow is gone: the batch fails whole
		log.Error("unable to run flow start batch", "error", err)
		if _, _, err := s.store.FinishFlowStartBatch(context.WithoutCancel(ctx), b, 0, 0, len(b.Contacts), s.clock.Now()); err != nil {
			log.Error("unable to finish flow start batch", "error", err)
		}
		return true
	}
	flow := &ref{UUID: f.UUID, Name: f.Name}
	counts := &store.FlowStart{UUID: fs.UUID} // the sprints count into it
	for _, cu := range b.Contacts {
		if ctx.Err() != nil {
			if err := s.store.ReleaseFlowStartBatch(context.WithoutCancel(ctx), b, s.clock.Now()); err != nil {
				log.Error("unable to release flow start batch", "error", err)
			}
			log.Info("flow start batch left to another worker")
			return false
		}
		_, err := s.sprint(ctx, ws, cu, "flow_start", s.flowStartSprint(in, flow, counts))
		if errors.Is(err, store.ErrDuplicate) {
			// another worker holding the batch before this one finished the contact first;
			// the sprint counted it started
		} else if errors.Is(err, store.ErrNotFound) {
			counts.Skipped++ // deleted since the start listed it
		} else if err != nil {
			counts.Failed++
			log.Warn("flow start failed for a contact", "contact", cu, "error", err)
		}
	}
	done, completed, err := s.store.FinishFlowStartBatch(context.WithoutCancel(ctx), b, counts.Started, counts.Skipped, counts.Failed, s.clock.Now())
	if err != nil {
		log.Error("unable to finish flow start batch", "error", err)
		return false
	}
	if completed {
		log.Info("flow start completed", "workspace", ws.UUID)
	}
	return done
}
