package functions

import (
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
)

// Location functions: showing location paths stored in contact fields.

func init() {
	registerText("format_location", 1, 1, locationFormat)
}

// locationFormat returns the name of a location from its full path:
// format_location("Rwanda > Kigali City") is "Kigali City".
//
//	@(format_location("Rwanda > Kigali City")) → Kigali City
//	@(format_location("Rwanda")) → Rwanda
//
// Signature: format_location(location)
//
//   - location (text): the full path of a location, its levels separated by `" > "`
func locationFormat(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	return types.NewXText(envs.LocationPath(t.Native()).Name())
}
