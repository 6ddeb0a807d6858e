package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/store"
)

// The trigger types: what makes a flow start for a contact without a waiting session.
const (
	TriggerKeyword         = "keyword"
	TriggerCatchAll        = "catch_all"
	TriggerNewConversation = "new_conversation"
	TriggerMissedCall      = "missed_call"
	TriggerIncomingCall    = "incoming_call"
	TriggerReferral        = "referral"
	TriggerOptIn           = "opt_in"
	TriggerOptOut          = "opt_out"
	TriggerClosedTicket    = "closed_ticket"
	TriggerEvent           = "event"
)

// The keyword match types.
const (
	MatchFirstWord = "first_word"
	MatchOnlyWord  = "only_word"
)

var triggerTypes = []string{TriggerKeyword, TriggerCatchAll, TriggerNewConversation, TriggerMissedCall, TriggerIncomingCall,
	TriggerReferral, TriggerOptIn, TriggerOptOut, TriggerClosedTicket, TriggerEvent}

// Trigger decides which flow starts: a keyword or any message, or a channel event.
//
//	{"uuid": "…", "type": "keyword", "flow": {"uuid": "…", "name": "Join"}, "keywords": ["join"],
//	 "match_type": "first_word", "channels": [], "groups": [], "exclude_groups": [], "active": true}
type Trigger struct {
	UUID          string   `json:"uuid"`
	Type          string   `json:"type"`
	Flow          *ref     `json:"flow"`
	Keywords      []string `json:"keywords,omitempty"`
	MatchType     string   `json:"match_type,omitempty"`
	ReferrerID    string   `json:"referrer_id,omitempty"`
	OptIn         string   `json:"optin,omitempty"`
	Channels      []string `json:"channels"`
	Groups        []string `json:"groups"`
	ExcludeGroups []string `json:"exclude_groups"`
	Active        *bool    `json:"active"`
	// Source, Filter and URN are of event triggers (see inbound.go).
	Source string `json:"source,omitempty"`
	Filter string `json:"filter,omitempty"`
	URN    string `json:"urn,omitempty"`
}

// triggerInput is the body of POST and PUT: a trigger without its UUID, the flow given by
// UUID.
type triggerInput struct {
	Type          string   `json:"type"`
	Flow          string   `json:"flow"`
	Keywords      []string `json:"keywords"`
	MatchType     string   `json:"match_type"`
	ReferrerID    string   `json:"referrer_id"`
	OptIn         string   `json:"optin"`
	Channels      []string `json:"channels"`
	Groups        []string `json:"groups"`
	ExcludeGroups []string `json:"exclude_groups"`
	Active        *bool    `json:"active"`
	Source        string   `json:"source"`
	Filter        string   `json:"filter"`
	URN           string   `json:"urn"`
}

// build checks the input against the workspace's flows and assets.
func (s *Server) buildTrigger(ctx context.Context, ws *store.Workspace, in *triggerInput, u string) (*Trigger, error) {
	if !contains(triggerTypes, in.Type) {
		return nil, invalid("type", in.Type, "field 'type' has invalid value '%s': must be one of %s", in.Type, strings.Join(triggerTypes, ", "))
	}
	if !isUUID(in.Flow) {
		return nil, invalid("flow", in.Flow, "field 'flow' has invalid value '%s': a flow UUID is required", in.Flow)
	}
	f, err := s.store.Flow(ctx, ws.ID, in.Flow)
	if err != nil {
		if p := asProblem(err, "", "", nil); p != err {
			return nil, invalid("flow", in.Flow, "field 'flow' has invalid value '%s': no such flow in the workspace", in.Flow)
		}
		return nil, err
	}
	wa, err := s.workspaceAssets(ctx, ws)
	if err != nil {
		return nil, err
	}
	t := &Trigger{UUID: u, Type: in.Type, Flow: &ref{UUID: f.UUID, Name: f.Name}, ReferrerID: in.ReferrerID,
		Channels: nonNil(in.Channels), Groups: nonNil(in.Groups), ExcludeGroups: nonNil(in.ExcludeGroups), Active: in.Active}
	if t.Active == nil {
		yes := true
		t.Active = &yes
	}
	if in.Type == TriggerKeyword {
		if len(in.Keywords) == 0 {
			return nil, invalid("keywords", in.Keywords, "field 'keywords' is required for a keyword trigger")
		}
		for i, k := range in.Keywords {
			k = strings.ToLower(strings.TrimSpace(k))
			if k == "" || strings.IndexFunc(k, unicode.IsSpace) >= 0 || len(k) > 64 {
				return nil, invalid(fmt.Sprintf("keywords[%d]", i), in.Keywords[i], "field 'keywords[%d]' has invalid value '%s': a keyword is one word of up to 64 characters", i, in.Keywords[i])
			}
			t.Keywords = append(t.Keywords, k)
		}
		t.MatchType = in.MatchType
		if t.MatchType == "" {
			t.MatchType = MatchFirstWord
		}
		if t.MatchType != MatchFirstWord && t.MatchType != MatchOnlyWord {
			return nil, invalid("match_type", in.MatchType, "field 'match_type' has invalid value '%s': must be first_word or only_word", in.MatchType)
		}
	} else {
		if len(in.Keywords) > 0 {
			return nil, invalid("keywords", in.Keywords, "field 'keywords' is only for keyword triggers")
		}
		if in.MatchType != "" {
			return nil, invalid("match_type", in.MatchType, "field 'match_type' is only for keyword triggers")
		}
	}
	if err := checkEventTrigger(in, t); err != nil {
		return nil, err
	}
	if in.ReferrerID != "" && in.Type != TriggerReferral {
		return nil, invalid("referrer_id", in.ReferrerID, "field 'referrer_id' is only for referral triggers")
	}
	if in.OptIn != "" {
		if in.Type != TriggerOptIn && in.Type != TriggerOptOut {
			return nil, invalid("optin", in.OptIn, "field 'optin' is only for opt_in and opt_out triggers")
		}
		if !isUUID(in.OptIn) || wa.sa.OptIns.Get(assetsUUID(in.OptIn)) == nil {
			return nil, invalid("optin", in.OptIn, "field 'optin' has invalid value '%s': no such opt-in in the workspace's assets", in.OptIn)
		}
		t.OptIn = in.OptIn
	}
	for i, c := range t.Channels {
		if !isUUID(c) || wa.sa.Channels.Get(assetsUUID(c)) == nil {
			return nil, invalid(fmt.Sprintf("channels[%d]", i), c, "field 'channels[%d]' has invalid value '%s': no such channel in the workspace's assets", i, c)
		}
	}
	for name, list := range map[string][]string{"groups": t.Groups, "exclude_groups": t.ExcludeGroups} {
		for i, g := range list {
			if !isUUID(g) || wa.sa.Groups.Get(assetsUUID(g)) == nil {
				return nil, invalid(fmt.Sprintf("%s[%d]", name, i), g, "field '%s[%d]' has invalid value '%s': no such group in the workspace's assets", name, i, g)
			}
		}
	}
	return t, nil
}

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// cachedTriggers are a workspace's triggers as last read. Changes through this server
// drop them at once; changes through another process are seen within triggerCacheTTL.
type cachedTriggers struct {
	list    []*Trigger
	fetched time.Time
}

const triggerCacheTTL = 2 * time.Second

func (s *Server) loadTriggers(ctx context.Context, ws *store.Workspace) ([]*Trigger, error) {
	s.mu.Lock()
	c := s.triggers[ws.ID]
	s.mu.Unlock()
	if c != nil && time.Since(c.fetched) < triggerCacheTTL {
		return c.list, nil
	}
	fetched := time.Now()
	list, err := s.readTriggers(ctx, ws)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.triggers[ws.ID] = &cachedTriggers{list: list, fetched: fetched}
	s.mu.Unlock()
	return list, nil
}

func (s *Server) forgetTriggers(ws int64) {
	s.mu.Lock()
	delete(s.triggers, ws)
	s.mu.Unlock()
}

func (s *Server) readTriggers(ctx context.Context, ws *store.Workspace) ([]*Trigger, error) {
	recs, err := s.store.Triggers(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	out := make([]*Trigger, 0, len(recs))
	for _, rec := range recs {
		t := &Trigger{}
		if err := json.Unmarshal(rec.Data, t); err != nil {
			return nil, fmt.Errorf("stored trigger %s doesn't read: %w", rec.UUID, err)
		}
		out = append(out, t)
	}
	return out, nil
}

// applies reports whether an active trigger applies to a contact on a channel.
func (t *Trigger) applies(ch *ref, c *flows.Contact) bool {
	if t.Active != nil && !*t.Active {
		return false
	}
	if len(t.Channels) > 0 && (ch == nil || !contains(t.Channels, ch.UUID)) {
		return false
	}
	inGroup := func(uuids []string) bool {
		for _, g := range c.Groups().References() {
			if contains(uuids, string(g.UUID)) {
				return true
			}
		}
		return false
	}
	if len(t.Groups) > 0 && !inGroup(t.Groups) {
		return false
	}
	if len(t.ExcludeGroups) > 0 && inGroup(t.ExcludeGroups) {
		return false
	}
	return true
}

// specificity orders matching triggers: one limited to channels or groups wins over one
// that is not.
func (t *Trigger) specificity() int {
	n := 0
	if len(t.Channels) > 0 {
		n += 2
	}
	if len(t.Groups) > 0 {
		n++
	}
	return n
}

type keywordMatch struct {
	trigger *Trigger
	keyword string
}

// words splits a message into words, dropping punctuation around them.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// matchMessage picks the trigger an incoming message starts: a keyword trigger matching
// its first word (or its only word), else a catch-all; the most specific first, then the
// oldest.
func matchMessage(trigs []*Trigger, text string, ch *ref, c *flows.Contact) *keywordMatch {
	ws := words(text)
	var best *keywordMatch
	better := func(t *Trigger) bool { return best == nil || t.specificity() > best.trigger.specificity() }
	if len(ws) > 0 {
		for _, t := range trigs {
			if t.Type != TriggerKeyword || !t.applies(ch, c) {
				continue
			}
			if t.MatchType == MatchOnlyWord && len(ws) != 1 {
				continue
			}
			if contains(t.Keywords, ws[0]) && better(t) {
				best = &keywordMatch{trigger: t, keyword: ws[0]}
			}
		}
	}
	if best != nil {
		return best
	}
	for _, t := range trigs {
		if t.Type == TriggerCatchAll && t.applies(ch, c) && better(t) {
			best = &keywordMatch{trigger: t}
		}
	}
	return best
}

// matchEvent picks the trigger of a channel event.
func matchEvent(trigs []*Trigger, typ, referrer, optin string, ch *ref, c *flows.Contact) *Trigger {
	var best *Trigger
	for _, t := range trigs {
		if t.Type != typ || !t.applies(ch, c) {
			continue
		}
		if typ == TriggerReferral && t.ReferrerID != "" && t.ReferrerID != referrer {
			continue
		}
		if t.OptIn != "" && t.OptIn != optin {
			continue
		}
		score := t.specificity()
		if t.ReferrerID != "" || t.OptIn != "" {
			score += 4
		}
		if best == nil || score > best.specificity()+boolInt(best.ReferrerID != "" || best.OptIn != "")*4 {
			best = t
		}
	}
	return best
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (s *Server) handleListTriggers(w http.ResponseWriter, r *http.Request) error {
	trigs, err := s.readTriggers(r.Context(), workspaceOf(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"triggers": trigs})
}

func (s *Server) handleCreateTrigger(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	in := &triggerInput{}
	if err := decodeBody(r, in); err != nil {
		return err
	}
	t, err := s.buildTrigger(r.Context(), ws, in, uuid.NewString())
	if err != nil {
		return err
	}
	data, _ := json.Marshal(t)
	now := s.clock.Now()
	if err := s.store.CreateTrigger(r.Context(), ws.ID, &store.Trigger{UUID: t.UUID, Data: data, CreatedOn: now, ModifiedOn: now}); err != nil {
		return err
	}
	s.forgetTriggers(ws.ID)
	return writeJSON(w, http.StatusCreated, map[string]any{"trigger": t})
}

func (s *Server) handleGetTrigger(w http.ResponseWriter, r *http.Request) error {
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	rec, err := s.store.Trigger(r.Context(), workspaceOf(r).ID, u)
	if err != nil {
		return asProblem(err, "trigger", "uuid", u)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"trigger": rec.Data})
}

func (s *Server) handlePutTrigger(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	if _, err := s.store.Trigger(r.Context(), ws.ID, u); err != nil {
		return asProblem(err, "trigger", "uuid", u)
	}
	in := &triggerInput{}
	if err := decodeBody(r, in); err != nil {
		return err
	}
	t, err := s.buildTrigger(r.Context(), ws, in, u)
	if err != nil {
		return err
	}
	data, _ := json.Marshal(t)
	if err := s.store.UpdateTrigger(r.Context(), ws.ID, &store.Trigger{UUID: u, Data: data, ModifiedOn: s.clock.Now()}); err != nil {
		return asProblem(err, "trigger", "uuid", u)
	}
	s.forgetTriggers(ws.ID)
	return writeJSON(w, http.StatusOK, map[string]any{"trigger": t})
}

func (s *Server) handleDeleteTrigger(w http.ResponseWriter, r *http.Request) error {
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteTrigger(r.Context(), workspaceOf(r).ID, u); err != nil {
		return asProblem(err, "trigger", "uuid", u)
	}
	s.forgetTriggers(workspaceOf(r).ID)
	w.WriteHeader(http.StatusNoContent)
	return nil
}
