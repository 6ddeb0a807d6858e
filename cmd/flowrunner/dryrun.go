package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rivuletflows/rivulet/services/dryrun"
)

// callService is the service whose call leads to an event of the type, "" for an event no
// call leads to (a classification logs none of its own: its call is printed after the
// sprint's events).
func callService(eventType string) string {
	switch eventType {
	case "webhook_called":
		return dryrun.ServiceWebhook
	case "email_sent":
		return dryrun.ServiceEmail
	case "airtime_created":
		return dryrun.ServiceAirtime
	case "llm_called":
		return dryrun.ServiceLLM
	case "ticket_opened":
		return dryrun.ServiceTicket
	}
	return ""
}

// maxShownBody is how much of a body a transcript line shows.
const maxShownBody = 200

// call prints a would-be call of a dry run: what would have been sent, and the answer the
// flow went on with.
func (p *printer) call(c *dryrun.Call) {
	if p.json {
		b, err := marshalNoEscape(map[string]any{"type": "dry_run_call", "call": c})
		if err == nil {
			fmt.Fprintln(p.w, strings.TrimRight(string(b), "\n"))
		}
		return
	}
	const pad = "            "
	line := func(s string) { p.line(ansiYellow, s) }
	switch c.Service {
	case dryrun.ServiceWebhook:
		line("   dry run: " + c.Method + " " + c.URL)
		if len(c.Headers) > 0 {
			keys := make([]string, 0, len(c.Headers))
			for k := range c.Headers {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var hs []string
			for _, k := range keys {
				hs = append(hs, k+": "+c.Headers[k])
			}
			line(pad + "headers: " + strings.Join(hs, ", "))
		}
		if c.Body != "" {
			line(pad + "body: " + shorten(c.Body))
		}
	case dryrun.ServiceEmail:
		line("   dry run: email to " + strings.Join(c.To, ", ") + ": " + c.Subject)
		line(pad + "body: " + shorten(c.Body))
	case dryrun.ServiceAirtime:
		var offers []string
		for cur, amount := range c.Amounts {
			offers = append(offers, amount.String()+" "+cur)
		}
		sort.Strings(offers)
		line("   dry run: airtime to " + c.Recipient + ", offering " + strings.Join(offers, " or "))
	case dryrun.ServiceLLM:
		name := ""
		if c.LLM != nil {
			name = c.LLM.Name + " "
		}
		line("   dry run: LLM " + name + "asked: " + shorten(c.Instructions))
		if c.Input != "" {
			line(pad + "input: " + shorten(c.Input))
		}
	case dryrun.ServiceClassifier:
		name := ""
		if c.Classifier != nil {
			name = c.Classifier.Name + " "
		}
		line("   dry run: classifier " + name + "reads: " + shorten(c.Input))
	case dryrun.ServiceTicket:
		s := "   dry run: ticket"
		if c.Topic != nil {
			s += " on " + c.Topic.Name
		}
		if c.Assignee != nil {
			s += " for " + c.Assignee.Name
		}
		line(s)
		if c.Note != "" {
			line(pad + "note: " + shorten(c.Note))
		}
	}
	if a := c.Answer; a != nil {
		switch {
		case a.By == dryrun.AnsweredByRefusal:
			line(pad + "refused, as a real run would: " + a.Error)
		case a.Error != "":
			line(pad + "answered by the " + a.By + ": failed: " + a.Error)
		case a.Status != 0:
			line(fmt.Sprintf("%sanswered by the %s: %d %s", pad, a.By, a.Status, shorten(a.Body)))
		case a.Body != "":
			line(pad + "answered by the " + a.By + ": " + shorten(a.Body))
		}
	}
}

// shorten keeps a text to one line of at most maxShownBody characters.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxShownBody {
		return string(r[:maxShownBody]) + "…"
	}
	return s
}
