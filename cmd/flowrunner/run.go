package main

import (
	"context"

	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/services/dryrun"
	"github.com/rivuletflows/rivulet/services/netguard"
	"github.com/rivuletflows/rivulet/services/servicestest"
	"github.com/rivuletflows/rivulet/services/webhooks"
	"github.com/rivuletflows/rivulet/utils"
)

// defaultRunURN is the URN of the contact of an interactive run when no -contact is given.
const defaultRunURN = "tel:+250788000100"

// runOptions are the flags of `flowrunner run`.
type runOptions struct {
	msg       string
	contact   string
	lang      string
	env       string
	mocks     string
	private   bool
	repro     string
	jsonOut   bool
	assets    string
	flowUUID  string
	colour    bool
	echoInput bool
	dryRun    bool
}

func runRun(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fset := newFlagSet("run", stderr,
		"usage: flowrunner run [flags] ASSETS.json [FLOW]",
		"   or: flowrunner [flags] ASSETS.json [FLOW]",
		"Runs a flow interactively: prints what happens, then reads the contact's replies, one per line.",
		"FLOW is a flow UUID or name, by default the first flow of the file. At a prompt, /timeout",
		"resumes as if the wait timed out, /expire as if it expired, /quit stops. A dial wait reads",
		"the dial status (answered, no_answer, busy or failed) and an optional duration in seconds.",
	)
	o := &runOptions{}
	fset.StringVar(&o.msg, "msg", "", "start with a message trigger carrying `TEXT` instead of a manual trigger")
	fset.StringVar(&o.contact, "contact", "", "read the contact from `FILE` (contact JSON) instead of using a new one")
	fset.StringVar(&o.lang, "lang", "", "the contact's `LANGUAGE` (ISO 639-3, e.g. fra)")
	fset.StringVar(&o.env, "env", "", "read the environment from `FILE` (settings JSON)")
	fset.StringVar(&o.mocks, "mocks", "", "answer webhooks from the http_mocks of `FILE` (a mocks map or a test file) instead of the network")
	fset.BoolVar(&o.private, netguard.AllowPrivateFlag, false, "let webhooks reach loopback and private network addresses (for local development; refused by default, metadata addresses always)")
	fset.StringVar(&o.repro, "repro", "", "at the end, write the session's inputs as a test file (contact, trigger, resumes...) to `FILE`; - writes it to stdout and the transcript to stderr")
	fset.BoolVar(&o.jsonOut, "json", false, "print each event as a line of JSON instead of as text")
	fset.BoolVar(&o.dryRun, "dry-run", false, "call nothing: print each webhook, email, airtime, LLM, classifier and ticket call the flow would make, answered from -mocks or by a stand-in (webhooks: 200 {\"dry_run\": true})")
	pos, code, ok := parseArgs(fset, args, 1, 2)
	if !ok {
		return code
	}
	o.assets = pos[0]
	if len(pos) == 2 {
		o.flowUUID = pos[1]
	}
	transcript := stdout
	if o.repro == "-" {
		transcript = stderr
	}
	o.colour = isTerminal(transcript) && os.Getenv("NO_COLOR") == ""
	o.echoInput = !isTerminal(stdin)

	res, err := interactive(o, stdin, transcript)
	if err != nil {
		return fail(stderr, err)
	}
	if o.repro != "" {
		if err := writeRepro(o.repro, res.repro, stdout); err != nil {
			return fail(stderr, err)
		}
	}
	if res.status == flows.SessionStatusFailed {
		msg := "the session failed"
		if res.failure != "" {
			msg += ": " + res.failure
		}
		fmt.Fprintf(stderr, "flowrunner: %s\n", msg)
		return exitProblem
	}
	return exitOK
}

// runResult is how an interactive run ended, and the test file reproducing it.
type runResult struct {
	status  flows.SessionStatus
	failure string // the text of the last failure event
	repro   []byte
}

// writeRepro writes the test file of a run to path, or to stdout when path is "-".
func writeRepro(path string, data []byte, stdout io.Writer) error {
	if path == "-" {
		_, err := stdout.Write(data)
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("unable to write the test file: %w", err)
	}
	return nil
}

// isTerminal reports whether f is a character device (a terminal), so that colours and
// input echo suit who reads the output.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	info, err := file.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// interactive runs a session, printing each sprint and reading the replies from in.
func interactive(o *runOptions, in io.Reader, out io.Writer) (*runResult, error) {
	src, err := static.LoadSource(o.assets)
	if err != nil {
		return nil, badInput(err)
	}
	sa := engine.NewAssets(src.Collection())
	flowRef, flowType, flowLang, err := pickFlow(src, o.flowUUID)
	if err != nil {
		return nil, badInput(err)
	}
	// a flow that can't be read is the author's file to fix, not a session to start
	if _, err := sa.Flow(utils.UUID(flowRef["uuid"])); err != nil {
		return nil, badInput(err)
	}

	var envJSON json.RawMessage
	if o.env != "" {
		if envJSON, err = os.ReadFile(o.env); err != nil {
			return nil, badInput(err)
		}
	} else if o.lang != "" {
		// let the contact's language be used: the flow's and the contact's are allowed
		envJSON, _ = json.Marshal(map[string]any{"allowed_languages": uniqueStrings(flowLang, o.lang)})
	}
	settings, err := envs.ReadSettings(envJSON)
	if err != nil {
		return nil, badInputf("unable to read environment: %w", err)
	}
	contactJSON, err := runContactJSON(o)
	if err != nil {
		return nil, badInput(err)
	}
	contact, err := flows.ReadContact(sa.Collection, contactJSON, nil)
	if err != nil {
		return nil, badInput(err)
	}
	urn := defaultRunURN
	if us := contact.URNs(); len(us) > 0 {
		urn = string(us[0].URN())
	}
	var channel *triggers.Ref
	if chs := src.Collection().Channels.All(); len(chs) > 0 {
		channel = &triggers.Ref{UUID: chs[0].UUID, Name: chs[0].Name}
	}

	svcs, mocksJSON, rec, err := runServices(o.mocks, netguard.AllowingPrivate(o.private), o.dryRun)
	if err != nil {
		return nil, badInput(err)
	}
	eng := engine.New(engine.Options{Services: svcs})
	now := func() string { return time.Now().UTC().Format(time.RFC3339Nano) }
	uuids := utils.V4Generator{}

	// voice flows run on a call to the contact's URN
	var callJSON json.RawMessage
	var call *flows.Call
	if flowType == flows.FlowTypeVoice {
		callJSON, _ = json.Marshal(map[string]any{"uuid": uuids.Next(), "channel": channel, "urn": urn})
		if call, err = readCall(callJSON); err != nil {
			return nil, badInput(err)
		}
	}

	trig := map[string]any{"type": "manual", "flow": flowRef, "triggered_on": now()}
	if o.msg != "" {
		trig["type"] = "msg"
		trig["event"] = msgReceived(uuids.Next(), o.msg, urn, channel, now())
	}
	trigJSON, _ := json.Marshal(trig)
	trigger, err := triggers.Read(trigJSON)
	if err != nil {
		return nil, fmt.Errorf("unable to read trigger: %w", err)
	}

	p := &printer{w: out, colour: o.colour, json: o.jsonOut, rec: rec}
	if o.msg != "" {
		p.input(o.msg)
	}
	session, sprint, err := eng.NewSession(context.Background(), sa, settings, contact, trigger, call)
	if err != nil {
		return nil, err
	}
	p.sprint(sprint)

	failure := failureText(sprint)
	var resumeLog []json.RawMessage
	lines := bufio.NewScanner(in)
	lines.Buffer(make([]byte, 64*1024), MaxTemplateLineBytes)
	for session.Status() == flows.SessionStatusWaiting {
		wait := p.lastWait
		p.prompt(wait)
		if !lines.Scan() {
			if !p.json {
				fmt.Fprintln(out)
			}
			if err := lines.Err(); err != nil {
				return nil, lineError(err)
			}
			p.note("end of input: stopping with the session waiting")
			break
		}
		line := strings.TrimSpace(lines.Text())
		if o.echoInput && !o.jsonOut {
			fmt.Fprintln(out, line)
		}
		if line == "/timeout" && !p.hasTimeout {
			p.note("this wait has no timeout: reply, /expire or /quit")
			continue
		}
		resumeJSON, quit, err := resumeFor(line, wait, urn, channel, uuids.Next(), now())
		if quit {
			p.note("stopped with the session waiting")
			break
		}
		if err != nil {
			p.note(err.Error())
			continue
		}
		resume, err := resumes.Read(resumeJSON)
		if err != nil {
			return nil, err
		}
		resumeLog = append(resumeLog, resumeJSON)
		if sprint, err = session.Resume(context.Background(), resume); err != nil {
			return nil, err
		}
		p.sprint(sprint)
		if f := failureText(sprint); f != "" {
			failure = f
		}
	}
	p.status(session.Status())

	res := &runResult{status: session.Status(), failure: failure}
	if o.repro != "" {
		repro := map[string]any{
			"contact":     json.RawMessage(contactJSON),
			"environment": envOrNull(envJSON),
			"trigger":     json.RawMessage(trigJSON),
			"resumes":     resumeLog,
			"http_mocks":  mocksJSON,
		}
		if callJSON != nil {
			repro["call"] = callJSON
		}
		if repro["resumes"] == nil {
			repro["resumes"] = []json.RawMessage{}
		}
		b, err := json.MarshalIndent(repro, "", "    ")
		if err != nil {
			return nil, err
		}
		res.repro = append(b, '\n')
	}
	return res, nil
}

func envOrNull(data json.RawMessage) json.RawMessage {
	if len(data) == 0 {
		return json.RawMessage("null")
	}
	return data
}

// pickFlow finds the flow to run: by UUID or name, or the first of the file.
func pickFlow(src *static.Source, which string) (map[string]string, flows.FlowType, string, error) {
	all := src.Flows()
	if len(all) == 0 {
		return nil, "", "", fmt.Errorf("the assets file has no flows")
	}
	for _, f := range all {
		if which == "" || string(f.UUID) == which || strings.EqualFold(f.Name, which) {
			typ := flows.FlowType(f.Type)
			switch f.Type {
			case "", "M", "F":
				typ = flows.FlowTypeMessaging
			case "V", "I":
				typ = flows.FlowTypeVoice
			}
			var head struct {
				Language string `json:"language"`
			}
			json.Unmarshal(f.Definition, &head)
			if head.Language == "" {
				head.Language = "eng"
			}
			return map[string]string{"uuid": string(f.UUID), "name": f.Name}, typ, head.Language, nil
		}
	}
	return nil, "", "", fmt.Errorf("no flow with UUID or name '%s' in the assets file", which)
}

// runContactJSON reads the -contact file, or makes a new contact, applying -lang.
func runContactJSON(o *runOptions) (json.RawMessage, error) {
	var c map[string]any
	if o.contact != "" {
		data, err := os.ReadFile(o.contact)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(data, &c); err != nil {
			return nil, fmt.Errorf("unable to read contact %s: %w", o.contact, utils.DescribeJSONError(err))
		}
	} else {
		c = map[string]any{
			"uuid":       string(utils.V4Generator{}.Next()),
			"name":       "Alex Test",
			"status":     "active",
			"created_on": time.Now().UTC().Format(time.RFC3339Nano),
			"urns":       []string{defaultRunURN},
		}
	}
	if o.lang != "" {
		if _, err := envs.ParseLanguage(o.lang); err != nil {
			return nil, fmt.Errorf("flag -lang has invalid value '%s'", o.lang)
		}
		c["language"] = o.lang
	}
	return json.Marshal(c)
}

// runServices returns the services of an interactive run: the network, or the stand-ins
// of the replays with the mocks of a file, or with dryRun a recorder standing in for every
// service (answering webhooks from the mocks first). It also returns the mocks for -repro.
// Webhook URLs are checked against policy with mocks and in dry runs too, so a run refuses
// what production would.
func runServices(path string, policy *netguard.Policy, dryRun bool) (*services.Services, json.RawMessage, *dryrun.Recorder, error) {
	var transport *servicestest.MockTransport
	mocks := json.RawMessage("{}")
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, nil, err
		}
		var wrapper struct {
			HTTPMocks json.RawMessage `json:"http_mocks"`
		}
		if err := json.Unmarshal(data, &wrapper); err != nil {
			return nil, nil, nil, fmt.Errorf("unable to read mocks %s: %w", path, utils.DescribeJSONError(err))
		}
		mocks = json.RawMessage(data)
		if len(wrapper.HTTPMocks) > 0 {
			mocks = wrapper.HTTPMocks
		}
		if transport, err = servicestest.NewMockTransport(mocks); err != nil {
			return nil, nil, nil, fmt.Errorf("unable to read mocks %s: %w", path, err)
		}
	}
	switch {
	case dryRun:
		rec := dryrun.New(dryrun.Config{Mocks: transport, Policy: policy})
		return rec.Services(), mocks, rec, nil
	case transport != nil:
		return servicestest.New(servicestest.Config{Mocks: transport, Clock: utils.RealClock{}, Policy: policy}), mocks, nil, nil
	}
	return &services.Services{Webhook: webhooks.New(webhooks.Config{Policy: policy})}, mocks, nil, nil
}

func msgReceived(uuid utils.UUID, text, urn string, channel *triggers.Ref, when string) map[string]any {
	msg := map[string]any{"urn": urn, "text": text}
	if channel != nil {
		msg["channel"] = channel
	}
	return map[string]any{"uuid": uuid, "type": "msg_received", "created_on": when, "msg": msg}
}

// resumeFor turns a line typed at a wait into a resume: a command, a dial status or a message.
func resumeFor(line, wait, urn string, channel *triggers.Ref, uuid utils.UUID, when string) (json.RawMessage, bool, error) {
	var r map[string]any
	switch {
	case line == "/quit":
		return nil, true, nil
	case line == "/timeout":
		r = map[string]any{"type": "wait_timeout", "resumed_on": when,
			"event": map[string]any{"uuid": uuid, "type": "wait_timed_out", "created_on": when}}
	case line == "/expire":
		r = map[string]any{"type": "wait_expiration", "resumed_on": when,
			"event": map[string]any{"uuid": uuid, "type": "wait_expired", "created_on": when}}
	case strings.HasPrefix(line, "/"):
		return nil, false, fmt.Errorf("unknown command %s: use /timeout, /expire or /quit", line)
	case wait == "dial":
		fields := strings.Fields(line)
		if len(fields) == 0 || !validDialStatus(fields[0]) {
			return nil, false, fmt.Errorf("a dial wait needs a status: answered, no_answer, busy or failed, then optionally the duration in seconds")
		}
		duration := 0
		if len(fields) > 1 {
			d, err := strconv.Atoi(fields[1])
			if err != nil || d < 0 {
				return nil, false, fmt.Errorf("the dial duration must be a number of seconds, not '%s'", fields[1])
			}
			duration = d
		}
		r = map[string]any{"type": "dial", "resumed_on": when,
			"event": map[string]any{"uuid": uuid, "type": "dial_ended", "created_on": when,
				"dial": map[string]any{"status": fields[0], "duration": duration}}}
	default:
		r = map[string]any{"type": "msg", "resumed_on": when, "event": msgReceived(uuid, line, urn, channel, when)}
	}
	b, err := json.Marshal(r)
	return b, false, err
}

func validDialStatus(s string) bool {
	switch s {
	case "answered", "no_answer", "busy", "failed":
		return true
	}
	return false
}

// printer writes a session's events as a person reads them, or as JSON lines.
type printer struct {
	w          io.Writer
	colour     bool
	json       bool
	lastWait   string // "msg" or "dial" after a sprint that ended waiting
	hasTimeout bool   // the last msg wait has a timeout
	// rec records the calls of a dry run (nil otherwise); seen is how many were printed.
	rec  *dryrun.Recorder
	seen int
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

func (p *printer) paint(code, s string) string {
	if !p.colour {
		return s
	}
	return code + s + ansiReset
}

func (p *printer) line(code, s string) {
	fmt.Fprintln(p.w, p.paint(code, s))
}

func (p *printer) input(text string) {
	if !p.json {
		p.line(ansiGreen, "-> "+text)
	}
}

func (p *printer) note(text string) {
	if !p.json {
		p.line(ansiDim, "   ("+text+")")
	}
}

func (p *printer) prompt(wait string) {
	if p.json {
		return
	}
	if wait == "dial" {
		fmt.Fprint(p.w, p.paint(ansiBold, "dial status> "))
	} else {
		fmt.Fprint(p.w, p.paint(ansiBold, "> "))
	}
}

func (p *printer) status(s flows.SessionStatus) {
	if !p.json {
		p.line(ansiDim, fmt.Sprintf("-- session %s", s))
	}
}

// sprint prints a sprint's events and remembers which wait it ended on. In a dry run each
// would-be call is printed before the event it led to, and calls no event matched after
// the sprint's events.
func (p *printer) sprint(sprint *engine.Sprint) {
	p.lastWait, p.hasTimeout = "", false
	var pending []*dryrun.Call
	if p.rec != nil {
		pending = p.rec.Since(p.seen)
		p.seen += len(pending)
	}
	defer func() {
		for _, c := range pending {
			p.call(c)
		}
	}()
	for _, e := range sprint.Events {
		if svc := callService(e.Type()); svc != "" {
			for i, c := range pending {
				if c.Service == svc {
					p.call(c)
					pending = append(pending[:i:i], pending[i+1:]...)
					break
				}
			}
		}
		b, err := marshalNoEscape(e)
		if err != nil {
			continue
		}
		if p.json {
			fmt.Fprintln(p.w, string(b))
		}
		var ev map[string]any
		if json.Unmarshal(b, &ev) != nil {
			continue
		}
		switch ev["type"] {
		case "msg_wait":
			p.lastWait = "msg"
			_, p.hasTimeout = ev["timeout_seconds"]
		case "dial_wait":
			p.lastWait = "dial"
		}
		if !p.json {
			p.event(ev)
		}
	}
}

// event prints one event in a line or two.
func (p *printer) event(ev map[string]any) {
	str := func(m any, path ...string) string {
		for _, k := range path {
			mm, ok := m.(map[string]any)
			if !ok {
				return ""
			}
			m = mm[k]
		}
		switch v := m.(type) {
		case string:
			return v
		case nil:
			return ""
		default:
			b, _ := json.Marshal(v)
			return string(b)
		}
	}
	list := func(v any, key string) []string {
		items, _ := v.([]any)
		var out []string
		for _, it := range items {
			if key == "" {
				out = append(out, str(it))
			} else {
				out = append(out, str(it, key))
			}
		}
		return out
	}
	typ, _ := ev["type"].(string)
	switch typ {
	case "msg_created", "ivr_created":
		msg := ev["msg"]
		p.line(ansiCyan, "<- "+str(msg, "text"))
		m, _ := msg.(map[string]any)
		if atts := list(m["attachments"], ""); len(atts) > 0 {
			p.line(ansiCyan, "   attachments: "+strings.Join(atts, ", "))
		}
		if qrs := list(m["quick_replies"], "text"); len(qrs) > 0 {
			p.line(ansiCyan, "   [ "+strings.Join(qrs, " | ")+" ]")
		}
		if r := str(msg, "unsendable_reason"); r != "" {
			p.line(ansiYellow, "   (not sendable: "+r+")")
		}
	case "msg_wait":
		if t := str(ev, "timeout_seconds"); t != "" {
			p.note("waiting for a reply, timeout after " + t + "s: /timeout")
		} else {
			p.note("waiting for a reply")
		}
	case "dial_wait":
		p.note("dialling " + str(ev, "urn") + ": type answered, no_answer, busy or failed")
	case "run_started":
		p.note("entered flow " + str(ev, "flow", "name"))
	case "run_ended":
		p.note("flow " + str(ev, "flow", "name") + " " + str(ev, "status"))
	case "run_result_changed":
		s := "result " + str(ev, "name") + " = " + strconv.Quote(str(ev, "value"))
		if c := str(ev, "category"); c != "" {
			s += " (" + c + ")"
		}
		p.line(ansiDim, "   "+s)
	case "contact_field_changed":
		p.line(ansiDim, "   field "+str(ev, "field", "name")+" = "+strconv.Quote(str(ev, "value", "text")))
	case "contact_groups_changed":
		var parts []string
		for _, g := range list(ev["groups_added"], "name") {
			parts = append(parts, "+"+g)
		}
		for _, g := range list(ev["groups_removed"], "name") {
			parts = append(parts, "-"+g)
		}
		p.line(ansiDim, "   groups "+strings.Join(parts, " "))
	case "contact_name_changed":
		p.line(ansiDim, "   name = "+strconv.Quote(str(ev, "name")))
	case "contact_language_changed":
		p.line(ansiDim, "   language = "+str(ev, "language"))
	case "contact_timezone_changed":
		p.line(ansiDim, "   timezone = "+str(ev, "timezone"))
	case "contact_status_changed":
		p.line(ansiDim, "   status = "+str(ev, "status"))
	case "contact_urns_changed":
		p.line(ansiDim, "   urns = "+strings.Join(list(ev["urns"], ""), ", "))
	case "webhook_called", "resthook_called":
		if typ == "resthook_called" {
			p.line(ansiDim, "   resthook "+str(ev, "resthook"))
			return
		}
		p.line(ansiDim, "   webhook "+str(ev, "url")+" -> "+str(ev, "status")+" "+str(ev, "status_code"))
	case "error", "failure":
		p.line(ansiRed, "   "+typ+": "+str(ev, "text"))
	case "warning":
		p.line(ansiYellow, "   warning: "+str(ev, "text"))
	case "email_sent":
		p.line(ansiDim, "   email to "+strings.Join(list(ev["to"], ""), ", ")+": "+str(ev, "subject"))
	case "broadcast_created":
		p.line(ansiDim, "   broadcast created")
	case "session_triggered":
		p.line(ansiDim, "   session triggered in flow "+str(ev, "flow", "name"))
	case "airtime_created":
		p.line(ansiDim, "   airtime "+str(ev, "amount")+" "+str(ev, "currency")+" to "+str(ev, "recipient"))
	case "llm_called":
		p.line(ansiDim, "   LLM answered "+strconv.Quote(str(ev, "output")))
	case "ticket_opened":
		p.line(ansiDim, "   ticket opened on "+str(ev, "ticket", "topic", "name"))
	case "input_labels_added":
		p.line(ansiDim, "   labels "+strings.Join(list(ev["labels"], "name"), ", "))
	default:
		p.line(ansiDim, "   "+typ)
	}
}

// looksLikeRunArgs reports whether a command line without a command is the bare form of
// run, `flowrunner [flags] ASSETS.json [FLOW]`: its first argument is a flag or a JSON file.
func looksLikeRunArgs(args []string) bool {
	first := args[0]
	return strings.HasPrefix(first, "-") || strings.HasSuffix(strings.ToLower(first), ".json")
}

func uniqueStrings(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
