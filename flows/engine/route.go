package engine

import (
	"encoding/json"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/rivuletflows/rivulet/excellent"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/routers"
	"github.com/rivuletflows/rivulet/flows/routers/cases"
	"github.com/rivuletflows/rivulet/utils"
)

// route picks the category of a node's router and saves its result, returning the category
// and the operand as text (for the segment).
func (s *Session) route(run *Run, node *definition.Node, resumed bool) (*routers.Category, *string) {
	r := node.Router
	view := run.view()

	if resumed && r.Wait != nil && r.Wait.Timeout != nil && s.resumeType() == resumes.TypeWaitTimeout {
		cat := r.Category(r.Wait.Timeout.CategoryUUID)
		s.saveRouterResult(run, node, cat, "", "", nil)
		return cat, nil
	}

	switch r.Type {
	case routers.TypeRandom:
		// a random decimal picks the bucket; the result is the bucket's index, its input the
		// decimal, as the reference engine records them
		rnd := s.env.Random().Decimal()
		idx := int(rnd.Mul(decimal.NewFromInt(int64(len(r.Categories)))).IntPart())
		if idx >= len(r.Categories) {
			idx = len(r.Categories) - 1
		}
		cat := r.Categories[idx]
		operand := rnd.String()
		s.saveRouterResult(run, node, cat, strconv.Itoa(idx), operand, nil)
		// the segment's operand is the random decimal too
		return cat, &operand
	}

	operand := view.EvaluateOperand(r.Operand, s.log)
	env := s.mergedEnv()
	operandText, operandErr := types.ToXText(env, operand)
	opStr := operandText.Native()
	// an empty operand is left out of the segment
	opPtr := &opStr
	if opStr == "" {
		opPtr = nil
	}

	for _, c := range r.Cases {
		fn, ok := cases.Lookup(c.Type)
		if !ok {
			s.log(events.NewError(c.Type + " is not a registered test function"))
			continue
		}
		argTexts, _ := view.LocalizedTexts(c.UUID, "arguments", c.Arguments)
		args := make([]types.XValue, 0, len(argTexts)+1)
		args = append(args, operand)
		for _, a := range argTexts {
			args = append(args, types.NewXText(view.EvaluateTemplate(a, nil, s.log)))
		}
		res := fn.Call(env, args)
		if xe, isErr := res.(types.XError); isErr {
			// worded as the established engine words a failing test: its name twice, as the
			// router's call and as the function's own error
			s.log(events.NewError("Error calling test " + c.Type + "(...): " + excellent.WrapCallError(c.Type, xe).Error()))
			continue
		}
		if !types.Truthy(res) {
			continue
		}
		cat := r.Category(c.CategoryUUID)
		value := opStr
		var extra json.RawMessage
		if obj, isObj := res.(types.XObject); isObj {
			if m, ok := obj.Get("match"); ok {
				t, _ := types.ToXText(env, m)
				value = t.Native()
			}
			if x, ok := obj.Get("extra"); ok && x != nil {
				if b, err := json.Marshal(x); err == nil && string(b) != "null" {
					extra = b
				}
			}
		}
		s.saveRouterResult(run, node, cat, value, opStr, extra)
		return cat, opPtr
	}
	cat := r.Category(r.DefaultCategoryUUID)
	if cat == nil {
		return nil, opPtr
	}
	// a failing operand is reported when it falls through to the default category, the
	// point where it has to become the result's text
	if operandErr != nil {
		s.log(events.NewError(operandErr.Error()))
	}
	s.saveRouterResult(run, node, cat, opStr, opStr, nil)
	return cat, opPtr
}

func (s *Session) saveRouterResult(run *Run, node *definition.Node, cat *routers.Category, value, input string, extra json.RawMessage) {
	r := node.Router
	if r.ResultName == "" || cat == nil {
		return
	}
	localized, lang := run.view().LocalizedText(cat.UUID, "name", cat.Name)
	if lang == "" || localized == cat.Name {
		localized = ""
	}
	run.view().SaveResult(&flows.Result{
		Name:              r.ResultName,
		Value:             value,
		Category:          cat.Name,
		CategoryLocalized: localized,
		NodeUUID:          node.UUID,
		Input:             input,
		Extra:             extra,
	}, s.log)
}

// Snakify turns a result name into its key: "Favorite Color" -> "favorite_color", "_Foo
// Bar" -> "_foo_bar" (see utils.Snakify, which migrations share).
func Snakify(name string) string { return utils.Snakify(name) }
