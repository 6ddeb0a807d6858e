package sqlstore

import "sync"

// keyLock hands out locks by key in arrival order: a waiter queued first gets the lock
// first, which sync.Mutex does not promise. Keys with no holder take no memory.
type keyLock struct {
	mu    sync.Mutex
	queue map[string][]chan struct{}
}

func newKeyLock() *keyLock { return &keyLock{queue: map[string][]chan struct{}{}} }

// lock blocks until the key is ours and returns the function that releases it.
func (k *keyLock) lock(key string) func() {
	k.mu.Lock()
	q, held := k.queue[key]
	var mine chan struct{}
	if held {
		mine = make(chan struct{})
		k.queue[key] = append(q, mine)
	} else {
		k.queue[key] = []chan struct{}{}
	}
	k.mu.Unlock()
	if mine != nil {
		<-mine
	}
	return func() { k.unlock(key) }
}

func (k *keyLock) unlock(key string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	q := k.queue[key]
	if len(q) == 0 {
		delete(k.queue, key)
		return
	}
	next := q[0]
	k.queue[key] = q[1:]
	close(next)
}
