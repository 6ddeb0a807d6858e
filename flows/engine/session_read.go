package engine

import (
	"bytes"
	"encoding/json"
	"github.com/rivuletflows/rivulet/utils/jsonr"
)

// decodeSession reads the stored form of a session. A caller reads the session before
// every resume, and encoding/json first validates the whole text and then decodes it by
// reflection, which made reading cost more than the sprint that follows. The stored form
// is ours, so a strict reader of exactly that shape (the shapes of session_stored.go)
// does it in one pass; anything it does not expect (a key it doesn't know or sees twice, a
// null or a type out of place, a number that isn't a plain integer, text that isn't valid
// JSON) sends the whole text to encoding/json, so the result, and any error, is always
// what encoding/json gives.
//
// r holds the text; the caller gives the reader so that it can be allocated along with j
// (the shapes' readers are called through function values, so it lives on the heap).
func decodeSession(r *jsonReader, j *sessionJSON) error {
	data := r.Data
	if sessionShape.read(r, j) {
		r.Space()
		if r.Pos == len(r.Data) {
			return nil
		}
	}
	*j = sessionJSON{}
	if err := json.Unmarshal(data, j); err != nil {
		return err
	}
	// nothing read may be dropped on the next write: a field this engine doesn't know is
	// an error rather than silently lost
	*j = sessionJSON{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(j)
}

// jsonReader is the strict reader the stored shapes read with.
type jsonReader = jsonr.Reader
