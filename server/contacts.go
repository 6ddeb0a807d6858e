package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// normalizeURN checks a URN and returns its identity (scheme:path), which contacts are
// looked up by.
func normalizeURN(field, raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", invalid(field, raw, "field '%s' is required", field)
	}
	scheme, path, _, _, err := urns.Parse(raw)
	if err != nil {
		return "", invalid(field, raw, "field '%s' has invalid value '%s': %s", field, raw, err)
	}
	u, err := urns.New(scheme, path)
	if err != nil {
		return "", invalid(field, raw, "field '%s' has invalid value '%s': %s", field, raw, err)
	}
	return string(u), nil
}

// contactInput is the body of POST /contacts and PATCH /contacts/{uuid}; omitted fields
// are left as they are, a null field value removes the field.
type contactInput struct {
	Name     *string            `json:"name"`
	Language *string            `json:"language"`
	Timezone *string            `json:"timezone"`
	Status   *string            `json:"status"`
	URNs     *[]string          `json:"urns"`
	Fields   map[string]*string `json:"fields"`
	Groups   *[]string          `json:"groups"`
}

// apply changes the contact JSON (a generic object) by the input and reads it back through
// the engine, so every value is checked as the engine checks it.
func (in *contactInput) apply(sa *assets.Collection, doc map[string]any) (*flows.Contact, error) {
	if in.Name != nil {
		// the engine cuts longer names when a flow sets one; a client is told instead
		if n := utf8.RuneCountInString(*in.Name); n > flows.MaxContactNameLength {
			return nil, invalid("name", n, "field 'name' is %d characters long, more than the maximum of %d", n, flows.MaxContactNameLength)
		}
		doc["name"] = *in.Name
	}
	if in.Language != nil {
		doc["language"] = *in.Language
	}
	if in.Timezone != nil {
		doc["timezone"] = *in.Timezone
	}
	if in.Status != nil {
		doc["status"] = *in.Status
	}
	if in.URNs != nil {
		list := make([]any, 0, len(*in.URNs))
		seen := map[string]bool{}
		for i, raw := range *in.URNs {
			u, err := normalizeURN(fmt.Sprintf("urns[%d]", i), raw)
			if err != nil {
				return nil, err
			}
			if !seen[u] {
				seen[u] = true
				list = append(list, u)
			}
		}
		doc["urns"] = list
	}
	if in.Fields != nil {
		fields, _ := doc["fields"].(map[string]any)
		if fields == nil {
			fields = map[string]any{}
		}
		for key, v := range in.Fields {
			if sa.Fields.Get(key) == nil {
				return nil, invalid("fields."+key, key, "field 'fields.%s': no such field in the workspace's assets", key)
			}
			if v == nil {
				delete(fields, key)
			} else if n := utf8.RuneCountInString(*v); n > flows.MaxFieldValueLength {
				return nil, invalid("fields."+key, n, "field 'fields.%s' is %d characters long, more than the maximum of %d", key, n, flows.MaxFieldValueLength)
			} else {
				fields[key] = map[string]any{"text": *v}
			}
		}
		doc["fields"] = fields
	}
	if in.Groups != nil {
		refs := make([]any, 0, len(*in.Groups))
		for i, g := range *in.Groups {
			grp := sa.Groups.Get(assetsUUID(g))
			if grp == nil {
				return nil, invalid(fmt.Sprintf("groups[%d]", i), g, "field 'groups[%d]' has invalid value '%s': no such group in the workspace's assets", i, g)
			}
			refs = append(refs, map[string]any{"uuid": g, "name": grp.Name})
		}
		doc["groups"] = refs
	}
	data, _ := json.Marshal(doc)
	c, err := flows.ReadContact(sa, data, nil)
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "unable to read contact: ")
		return nil, invalid(fieldOf(msg), nil, "%s", msg)
	}
	return c, nil
}

// fieldOf picks the field name out of an engine error reading "field 'x' ...".
func fieldOf(msg string) string {
	if i := strings.Index(msg, "field '"); i >= 0 {
		rest := msg[i+7:]
		if j := strings.IndexByte(rest, '\''); j >= 0 {
			return rest[:j]
		}
	}
	return ""
}

// contactRecord turns an engine contact into its stored form.
func contactRecord(c *flows.Contact, created, modified any) (*store.Contact, error) {
	data, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("unable to write contact: %w", err)
	}
	rec := &store.Contact{UUID: string(c.UUID()), Data: data, CreatedOn: c.CreatedOn()}
	for _, u := range c.URNs() {
		if id, err := normalizeURN("urn", string(u.URN())); err == nil {
			rec.URNs = append(rec.URNs, id)
		}
	}
	return rec, nil
}

func (s *Server) handleCreateContact(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	in := &contactInput{}
	if err := decodeBody(r, in); err != nil {
		return err
	}
	wa, err := s.workspaceAssets(r.Context(), ws)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	doc := map[string]any{"uuid": uuid.NewString(), "status": "active", "created_on": now}
	c, err := in.apply(wa.sa.Collection, doc)
	if err != nil {
		return err
	}
	rec, err := contactRecord(c, nil, nil)
	if err != nil {
		return err
	}
	rec.ModifiedOn = now
	if err := s.store.CreateContact(r.Context(), ws.ID, rec); err != nil {
		return asProblem(err, "contact", "urns", rec.URNs)
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"contact": rec.Data})
}

func (s *Server) handleListContacts(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	if raw := r.URL.Query().Get("urn"); raw != "" || r.URL.Query().Has("urn") {
		u, err := normalizeURN("urn", raw)
		if err != nil {
			return err
		}
		c, err := s.store.ContactByURN(r.Context(), ws.ID, u)
		if errors.Is(err, store.ErrNotFound) {
			return writeJSON(w, http.StatusOK, map[string]any{"contacts": []any{}})
		}
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, map[string]any{"contacts": []json.RawMessage{c.Data}})
	}
	limit, err := queryInt(r, "limit", defaultPageSize, 1, maxPageSize)
	if err != nil {
		return err
	}
	after := r.URL.Query().Get("after")
	if after != "" && !isUUID(after) {
		return invalid("after", after, "query parameter 'after' has invalid value '%s': not a contact UUID", after)
	}
	list, err := s.store.Contacts(r.Context(), ws.ID, after, int(limit))
	if err != nil {
		return err
	}
	out := make([]json.RawMessage, len(list))
	next := ""
	for i, c := range list {
		out[i] = c.Data
		next = c.UUID
	}
	return writeJSON(w, http.StatusOK, map[string]any{"contacts": out, "next": next})
}

func (s *Server) handleGetContact(w http.ResponseWriter, r *http.Request) error {
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	c, err := s.store.Contact(r.Context(), workspaceOf(r).ID, u)
	if err != nil {
		return asProblem(err, "contact", "uuid", u)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"contact": c.Data})
}

func (s *Server) handlePatchContact(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	in := &contactInput{}
	if err := decodeBody(r, in); err != nil {
		return err
	}
	wa, err := s.workspaceAssets(r.Context(), ws)
	if err != nil {
		return err
	}
	var out json.RawMessage
	err = s.store.Sprint(r.Context(), ws.ID, u, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
		var doc map[string]any
		if err := json.Unmarshal(st.Contact.Data, &doc); err != nil {
			return nil, fmt.Errorf("stored contact %s doesn't read: %w", u, err)
		}
		c, err := in.apply(wa.sa.Collection, doc)
		if err != nil {
			return nil, err
		}
		rec, err := contactRecord(c, nil, nil)
		if err != nil {
			return nil, err
		}
		for _, urn := range rec.URNs {
			owner, err := s.store.ContactUUIDByURN(ctx, ws.ID, urn)
			if err == nil && owner != u {
				return nil, problemf(http.StatusConflict, "urns", urn, "urn '%s' belongs to another contact", urn)
			}
		}
		rec.ModifiedOn = s.clock.Now()
		out = rec.Data
		return &store.SprintWrite{Contact: rec}, nil
	})
	if err != nil {
		return asProblem(err, "contact", "uuid", u)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"contact": out})
}

func (s *Server) handleDeleteContact(w http.ResponseWriter, r *http.Request) error {
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteContact(r.Context(), workspaceOf(r).ID, u); err != nil {
		return asProblem(err, "contact", "uuid", u)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
