package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/utils"
)

// visitCounts counts how often sessions arrived at each node and left by each category and
// exit, for every flow they went through; `graph -session` draws them and `test -cover`
// reports what they leave out.
type visitCounts struct {
	Nodes      map[utils.UUID]int
	Categories map[utils.UUID]int
	Exits      map[utils.UUID]int
}

func newVisitCounts() *visitCounts {
	return &visitCounts{Nodes: map[utils.UUID]int{}, Categories: map[utils.UUID]int{}, Exits: map[utils.UUID]int{}}
}

// add counts one visit reported by the engine.
func (c *visitCounts) add(v engine.Visit) {
	if v.ExitUUID == "" {
		c.Nodes[v.NodeUUID]++
		return
	}
	c.Exits[v.ExitUUID]++
	if v.CategoryUUID != "" {
		c.Categories[v.CategoryUUID]++
	}
}

// any reports whether anything was counted.
func (c *visitCounts) any() bool { return len(c.Nodes) > 0 }

// replayCounts replays a test against the assets and counts what its session visited.
func replayCounts(sa *engine.Assets, tc *testCase, counts *visitCounts) error {
	_, err := replayVisiting(sa, tc, counts.add)
	return err
}

// sessionCounts counts the nodes a stored session's runs of flow visited, from their paths.
// A path lists nodes only, so the exit between two consecutive nodes is the one leading
// from the first to the second, and its category is known when only one category uses it.
func sessionCounts(data []byte, flow *definition.Flow, counts *visitCounts) error {
	var session struct {
		Runs []struct {
			Flow struct {
				UUID utils.UUID `json:"uuid"`
			} `json:"flow"`
			Path []struct {
				NodeUUID utils.UUID `json:"node_uuid"`
			} `json:"path"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &session); err != nil {
		return fmt.Errorf("unable to read session: %w", utils.DescribeJSONError(err))
	}
	for _, run := range session.Runs {
		if run.Flow.UUID != flow.UUID {
			continue
		}
		for i, step := range run.Path {
			node := flow.Node(step.NodeUUID)
			if node == nil {
				continue
			}
			counts.Nodes[node.UUID]++
			if i+1 == len(run.Path) {
				continue
			}
			next := run.Path[i+1].NodeUUID
			for _, e := range node.Exits {
				if e.DestinationUUID != next {
					continue
				}
				counts.Exits[e.UUID]++
				if node.Router != nil {
					var only utils.UUID
					n := 0
					for _, cat := range node.Router.Categories {
						if cat.ExitUUID == e.UUID {
							only = cat.UUID
							n++
						}
					}
					if n == 1 {
						counts.Categories[only]++
					}
				}
				break
			}
		}
	}
	return nil
}

// countsFromFile reads the visits of -session FILE and the flow they are drawn on: a test
// file is replayed against the assets (before the flow is taken from them, so that a flow
// migrated on reading has the UUIDs the replay gave it), a session (with "runs") is read
// as it is.
func countsFromFile(path string, sa *engine.Assets, flowUUID utils.UUID) (*visitCounts, *definition.Flow, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, badInput(err)
	}
	keys, err := topLevelKeys(path)
	if err != nil {
		return nil, nil, badInputf("unable to read %s: %w", path, utils.DescribeJSONError(err))
	}
	counts := newVisitCounts()
	switch {
	case keys["trigger"]:
		tc, err := parseTestCase(path, data)
		if err != nil {
			return nil, nil, err
		}
		if err := replayCounts(sa, tc, counts); err != nil {
			return nil, nil, fmt.Errorf("unable to replay %s: %w", path, err)
		}
		flow, err := sa.Flow(flowUUID)
		if err != nil {
			return nil, nil, badInput(err)
		}
		return counts, flow, nil
	case keys["runs"]:
		flow, err := sa.Flow(flowUUID)
		if err != nil {
			return nil, nil, badInput(err)
		}
		if err := sessionCounts(data, flow, counts); err != nil {
			return nil, nil, badInputf("%s: %w", path, err)
		}
		return counts, flow, nil
	}
	return nil, nil, badInputf("%s is neither a test (it has no trigger) nor a session (it has no runs)", path)
}
