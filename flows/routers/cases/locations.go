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

// locationArgs reads the texts a location test is called with and the environment's
// locations, or gives the error saying the environment has none.
func locationArgs(env envs.Environment, args []types.XValue) ([]string, envs.LocationResolver, types.XError) {
	texts, err := textArgs(env, args, 0)
	if err != nil {
		return nil, nil, err
	}
	r := env.LocationResolver()
	if r == nil {
		return nil, nil, types.NewXErrorf("can't find locations in environment which is not location enabled")
	}
	return texts, r, nil
}

// locationMatch is the result of a location test finding loc (nil: no match); the match
// is the location's full path.
func locationMatch(loc *envs.Location) types.XValue {
	if loc == nil {
		return FalseResult
	}
	return NewTrueResult(types.NewXText(string(loc.Path)))
}

// firstLocation is the first of the locations found, or nil.
func firstLocation(found []*envs.Location) *envs.Location {
	if len(found) == 0 {
		return nil
	}
	return found[0]
}

// onlyLocation is the location found when exactly one was, or nil: text naming a place
// without saying where must not be ambiguous.
func onlyLocation(found []*envs.Location) *envs.Location {
	if len(found) != 1 {
		return nil
	}
	return found[0]
}

// hasState matches text naming a state.
//
//	@(has_state("I live in Kigali").match) → Rwanda > Kigali City
//	@(has_state("Boston")) → false
//
// Signature: has_state(text)
//
//   - text (text): the text tested, usually `@input.text`
func hasState(env envs.Environment, args ...types.XValue) types.XValue {
	texts, r, err := locationArgs(env, args)
	if err != nil {
		return err
	}
	return locationMatch(firstLocation(r.FindLocationsFuzzy(texts[0], envs.LocationLevelState, nil)))
}

// hasDistrict matches text naming a district of the given state, or, without a state,
// naming exactly one district anywhere.
//
//	@(has_district("Gasabo", "Kigali").match) → Rwanda > Kigali City > Gasabo
//	@(has_district("I live in Gasabo").match) → Rwanda > Kigali City > Gasabo
//	@(has_district("Gasabo", "Eastern Province")) → false
//
// Signature: has_district(text [, state])
//
//   - text (text): the text tested, usually `@input.text`
//   - state (text, default any state, if the district's name is unique): the state the
//     district must be in
func hasDistrict(env envs.Environment, args ...types.XValue) types.XValue {
	texts, r, err := locationArgs(env, args)
	if err != nil {
		return err
	}
	if len(texts) > 1 && strings.TrimSpace(texts[1]) != "" {
		state := firstLocation(r.FindLocationsFuzzy(texts[1], envs.LocationLevelState, nil))
		if state == nil {
			return FalseResult
		}
		return locationMatch(firstLocation(r.FindLocationsFuzzy(texts[0], envs.LocationLevelDistrict, state)))
	}
	return locationMatch(onlyLocation(r.FindLocationsFuzzy(texts[0], envs.LocationLevelDistrict, nil)))
}

// hasWard matches text naming a ward of the given district and state (or of the given
// district when only that is given), or, without them, naming exactly one ward anywhere.
// Flows write the two places in either order (migrated legacy flows give the district
// first, newer ones the state), so both are tried.
//
//	@(has_ward("Gisozi", "Kigali", "Gasabo").match) → Rwanda > Kigali City > Gasabo > Gisozi
//	@(has_ward("Gisozi", "Gasabo", "Kigali").match) → Rwanda > Kigali City > Gasabo > Gisozi
//	@(has_ward("Muhazi").match) → Rwanda > Eastern Province > Rwamagana > Muhazi
//
// Signature: has_ward(text [, district [, state]])
//
//   - text (text): the text tested, usually `@input.text`
//   - district (text, default any district, if the ward's name is unique): the district the
//     ward must be in
//   - state (text, default any state): the state the district must be in; the district and
//     the state may come in either order
func hasWard(env envs.Environment, args ...types.XValue) types.XValue {
	texts, r, err := locationArgs(env, args)
	if err != nil {
		return err
	}
	if len(texts) == 3 && (strings.TrimSpace(texts[1]) != "" || strings.TrimSpace(texts[2]) != "") {
		if loc := wardIn(r, texts[0], texts[1], texts[2]); loc != nil {
			return locationMatch(loc)
		}
		return locationMatch(wardIn(r, texts[0], texts[2], texts[1]))
	}
	if len(texts) == 2 && strings.TrimSpace(texts[1]) != "" {
		for _, district := range r.FindLocationsFuzzy(texts[1], envs.LocationLevelDistrict, nil) {
			if ward := firstLocation(r.FindLocationsFuzzy(texts[0], envs.LocationLevelWard, district)); ward != nil {
				return locationMatch(ward)
			}
		}
		return FalseResult
	}
	return locationMatch(onlyLocation(r.FindLocationsFuzzy(texts[0], envs.LocationLevelWard, nil)))
}

// wardIn finds the ward named in text inside the district inside the state, or nil.
func wardIn(r envs.LocationResolver, text, state, district string) *envs.Location {
	s := firstLocation(r.FindLocationsFuzzy(state, envs.LocationLevelState, nil))
	if s == nil {
		return nil
	}
	d := firstLocation(r.FindLocationsFuzzy(district, envs.LocationLevelDistrict, s))
	if d == nil {
		return nil
	}
	return firstLocation(r.FindLocationsFuzzy(text, envs.LocationLevelWard, d))
}
