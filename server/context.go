package server

import (
	"context"
	"regexp"

	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/utils"
)

func contextWithWorkspace(ctx context.Context, ws *store.Workspace) context.Context {
	return context.WithValue(ctx, workspaceKey{}, ws)
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// isUUID reports whether s is a UUID in the lower-case canonical form.
func isUUID(s string) bool { return uuidPattern.MatchString(s) }

func assetsUUID(s string) utilsUUID { return utilsUUID(s) }

type utilsUUID = utils.UUID
