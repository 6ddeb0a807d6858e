package main

import (
	"fmt"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/excellent"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/utils"
)

// checkLimits follows the path a sprint certainly takes from the flow's first node, the
// nodes without a router, and reports where it certainly exceeds a sprint's budget of
// evaluated text or events, or loops until the steps limit without waiting: the sprint
// would fail there every time.
func (c *flowChecker) checkLimits() {
	if len(c.flow.Nodes) == 0 {
		return
	}
	node := c.flow.Nodes[0]
	text, events := 0, 0
	for step := 1; ; step++ {
		if step > engine.DefaultMaxStepsPerSprint {
			c.issues = append(c.issues, newIssue(ruleExceedsLimit, node.UUID,
				"the flow loops here without waiting: every sprint reaches the maximum number of steps (100) and fails"))
			return
		}
		counter := &textCounter{}
		for _, a := range node.Actions {
			a.Inspect(counter)
			events++ // every action that runs logs at least one event (send_msg its message)
		}
		text += counter.bytes
		if text > engine.DefaultMaxTextBytesPerSprint {
			c.issues = append(c.issues, newIssue(ruleExceedsLimit, node.UUID, fmt.Sprintf(
				"every sprint evaluates at least %d bytes of text by step %d here, more than the maximum of %d, and fails", text, step, engine.DefaultMaxTextBytesPerSprint)))
			return
		}
		if events > engine.DefaultMaxEventsPerSprint {
			c.issues = append(c.issues, newIssue(ruleExceedsLimit, node.UUID, fmt.Sprintf(
				"every sprint logs more than the maximum of %d events by step %d here, and fails", engine.DefaultMaxEventsPerSprint, step)))
			return
		}
		// only a node without a router goes one certain way
		if node.Router != nil || len(node.Exits) != 1 || node.Exits[0].DestinationUUID == "" {
			return
		}
		if node = c.flow.Node(node.Exits[0].DestinationUUID); node == nil {
			return
		}
	}
}

// textCounter is an inspector adding up the least text an action's templates evaluate to.
type textCounter struct{ bytes int }

func (t *textCounter) Templates(texts ...string) {
	for _, s := range texts {
		t.bytes += excellent.MinLength(s)
	}
}

// LocalizedTemplates counts the texts themselves; a run evaluates one translation of them.
func (t *textCounter) LocalizedTemplates(_ utils.UUID, _ string, texts []string) {
	t.Templates(texts...)
}

func (t *textCounter) Localizable(utils.UUID, string, []string) {}
func (t *textCounter) Dependency(assets.Reference)              {}
func (t *textCounter) Result(string, []string)                  {}
func (t *textCounter) Local(string)                             {}
func (t *textCounter) Issue(string, string, map[string]any)     {}
