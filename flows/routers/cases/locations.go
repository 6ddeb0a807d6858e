package cases

import (
	"strings"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
)

// Location case tests: whether the operand names a state, district or ward of the
// session's location hierarchy. Names and aliases match ignoring case, in the whole text
// or any word or pair of words ("I live in Kigali"). The match is the location's full path,
// e.g. "Rwanda > Kigali City > Gasabo".

func init() {
	register("has_state", 1, 1, hasState)
	register("has_district", 1, 2, hasDistrict)
	register("has_ward", 1, 3, hasWard)
}

// resolver returns the environment's locations or an error saying it has none.
func resolver(env envs.Environment) (envs.LocationResolver, types.XError) {
	r := env.LocationResolver()
	if r == nil {
		return nil, types.NewXErrorf("can't find locations in environment which is not location enabled")
	}
	return r, nil
}

func locationMatch(loc *envs.Location) types.XValue {
	return NewTrueResult(types.NewXText(string(loc.Path)))
}

// hasState matches text naming a state.
//
//	@(has_state("I live in Kigali").match) → Rwanda > Kigali City
//	@(has_state("Boston")) → false
func hasState(env envs.Environment, args ...types.XValue) types.XValue {
	texts, err := textArgs(env, args, 0)
	if err != nil {
		return err
	}
	r, err := resolver(env)
	if err != nil {
		return err
	}
	if found := r.FindLocationsFuzzy(texts[0], envs.LocationLevelState, nil); len(found) > 0 {
		return locationMatch(found[0])
	}
	return FalseResult
}

// hasDistrict matches text naming a district of the given state, or, without a state,
// naming exactly one district anywhere.
//
//	@(has_district("Gasabo", "Kigali").match) → Rwanda > Kigali City > Gasabo
//	@(has_district("I live in Gasabo").match) → Rwanda > Kigali City > Gasabo
//	@(has_district("Gasabo", "Eastern Province")) → false
func hasDistrict(env envs.Environment, args ...types.XValue) types.XValue {
	texts, err := textArgs(env, args, 0)
	if err != nil {
		return err
	}
	r, err := resolver(env)
	if err != nil {
		return err
	}
	if len(texts) > 1 && strings.TrimSpace(texts[1]) != "" {
		states := r.FindLocationsFuzzy(texts[1], envs.LocationLevelState, nil)
		if len(states) == 0 {
			return FalseResult
		}
		if found := r.FindLocationsFuzzy(texts[0], envs.LocationLevelDistrict, states[0]); len(found) > 0 {
			return locationMatch(found[0])
		}
		return FalseResult
	}
	if found := r.FindLocationsFuzzy(texts[0], envs.LocationLevelDistrict, nil); len(found) == 1 {
		return locationMatch(found[0])
	}
	return FalseResult
}

// hasWard matches text naming a ward of the given district and state (or of the given
// district when only that is given), or, without them, naming exactly one ward anywhere. Flows write the two places in either order (migrated
// legacy flows give the district first, newer ones the state), so both are tried.
//
//	@(has_ward("Gisozi", "Kigali", "Gasabo").match) → Rwanda > Kigali City > Gasabo > Gisozi
//	@(has_ward("Gisozi", "Gasabo", "Kigali").match) → Rwanda > Kigali City > Gasabo > Gisozi
//	@(has_ward("Muhazi").match) → Rwanda > Eastern Province > Rwamagana > Muhazi
func hasWard(env envs.Environment, args ...types.XValue) types.XValue {
	texts, err := textArgs(env, args, 0)
	if err != nil {
		return err
	}
	r, err := resolver(env)
	if err != nil {
		return err
	}
	if len(texts) == 3 && (strings.TrimSpace(texts[1]) != "" || strings.TrimSpace(texts[2]) != "") {
		if loc := wardIn(r, texts[0], texts[1], texts[2]); loc != nil {
			return locationMatch(loc)
		}
		if loc := wardIn(r, texts[0], texts[2], texts[1]); loc != nil {
			return locationMatch(loc)
		}
		return FalseResult
	}
	if len(texts) == 2 && strings.TrimSpace(texts[1]) != "" {
		for _, district := range r.FindLocationsFuzzy(texts[1], envs.LocationLevelDistrict, nil) {
			if found := r.FindLocationsFuzzy(texts[0], envs.LocationLevelWard, district); len(found) > 0 {
				return locationMatch(found[0])
			}
		}
		return FalseResult
	}
	if found := r.FindLocationsFuzzy(texts[0], envs.LocationLevelWard, nil); len(found) == 1 {
		return locationMatch(found[0])
	}
	return FalseResult
}

// wardIn finds the ward named in text inside the district inside the state, or nil.
func wardIn(r envs.LocationResolver, text, state, district string) *envs.Location {
	states := r.FindLocationsFuzzy(state, envs.LocationLevelState, nil)
	if len(states) == 0 {
		return nil
	}
	districts := r.FindLocationsFuzzy(district, envs.LocationLevelDistrict, states[0])
	if len(districts) == 0 {
		return nil
	}
	if found := r.FindLocationsFuzzy(text, envs.LocationLevelWard, districts[0]); len(found) > 0 {
		return found[0]
	}
	return nil
}
