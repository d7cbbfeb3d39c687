/* concur-shared-global-cache: a helper that drops its caller's lock around a
   call and takes it back before it returns leaves the caller holding it. What
   the caller does after the helper is still under the lock (glib's
   handler_unref_R: SIGNAL_UNLOCK (); g_closure_unref (...); SIGNAL_LOCK ();). */
#include <pthread.h>
#include <stddef.h>

struct emission {
  struct emission *next;
  int state;
};

struct handler {
  int ref_count;
  void (*destroy)(void *data);
  void *data;
};

static pthread_mutex_t signal_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct emission *emissions;

static void emission_push(struct emission *emission) {
  emission->next = emissions;
  emissions = emission;
}

static void emission_pop(struct emission *emission) {
  struct emission *node, *last = NULL;
  for (node = emissions; node; last = node, node = last->next)
    if (node == emission) {
      if (last)
        last->next = node->next;
      else
        /* negative: every caller holds signal_mutex here, one after a helper that dropped and retook it. */
        emissions = node->next;
      return;
    }
}

/* Runs the destroy notify without the lock (it may re-enter), then takes the
   lock back: on every path the caller's lock is held again at return. */
static void handler_unref(struct handler *handler) {
  if (--handler->ref_count == 0) {
    pthread_mutex_unlock(&signal_mutex);
    handler->destroy(handler->data);
    pthread_mutex_lock(&signal_mutex);
  }
}

/* The same through a helper that relocks through another helper. */
static void relock(void) { pthread_mutex_lock(&signal_mutex); }
static void handler_unref_via_helper(struct handler *handler) {
  if (--handler->ref_count > 0) return;
  pthread_mutex_unlock(&signal_mutex);
  handler->destroy(handler->data);
  relock();
}

void signal_emit(struct handler *handler, int state) {
  struct emission emission;
  emission.state = state;
  pthread_mutex_lock(&signal_mutex);
  emission_push(&emission);
  handler_unref(handler);
  emission_pop(&emission);
  pthread_mutex_unlock(&signal_mutex);
}

void signal_emit_detailed(struct handler *handler, int state) {
  struct emission emission;
  emission.state = state;
  pthread_mutex_lock(&signal_mutex);
  emission_push(&emission);
  if (state > 1) handler_unref_via_helper(handler);
  emission_pop(&emission);
  pthread_mutex_unlock(&signal_mutex);
}

static struct emission *finished;

static void finished_push(struct emission *emission) {
  emission->next = finished;
  finished = emission;
}

static void finished_pop(void) {
  /* positive: signal_finish calls this after handler_drop, which released the lock for good. */
  if (finished) finished = finished->next; /* expect: concur-shared-global-cache */
}

/* Drops the caller's lock and does not take it back. */
static void handler_drop(struct handler *handler) {
  pthread_mutex_unlock(&signal_mutex);
  handler->destroy(handler->data);
}

void signal_finish(struct handler *handler, struct emission *emission) {
  pthread_mutex_lock(&signal_mutex);
  finished_push(emission);
  handler_drop(handler);
  finished_pop();
}
