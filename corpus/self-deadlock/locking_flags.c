/* Helpers that take the lock only when a flag says their caller does not hold it
 * (`if (locking) lock (...)`). A caller that passes a constant runs one side of that branch:
 * told "you hold it" it takes nothing, told "take it" it takes the lock its caller holds. */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct lf_item {
  int id;
  struct lf_item *next;
} lf_item;

typedef struct lf_list {
  pthread_mutex_t mu;
  lf_item *head;
  size_t length;
} lf_list;

static void lf_unlink(lf_list *l, int id, int locking) {
  if (locking) pthread_mutex_lock(&l->mu);
  for (lf_item **p = &l->head; *p; p = &(*p)->next)
    if ((*p)->id == id) {
      *p = (*p)->next;
      l->length--;
      break;
    }
  if (locking) pthread_mutex_unlock(&l->mu);
}

/* negative: the list's lock is held, and the helper is told so (locking = 0). */
void lf_remove_many(lf_list *l, const int *ids, size_t n) {
  pthread_mutex_lock(&l->mu);
  for (size_t i = 0; i < n; i++) lf_unlink(l, ids[i], 0);
  pthread_mutex_unlock(&l->mu);
}

/* negative: nothing is held; the helper takes the lock itself. */
void lf_remove(lf_list *l, int id) { lf_unlink(l, id, 1); }

/* positive: the lock is held and the helper is told to take it (locking = 1). */
size_t lf_remove_counted(lf_list *l, int id) {
  pthread_mutex_lock(&l->mu);
  size_t before = l->length;
  lf_unlink(l, id, 1); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&l->mu);
  return before;
}

/* The flag read the other way round (`!caller_holds`), and passed on by a second helper. */
static void lf_trim_to(lf_list *l, size_t max, bool caller_holds) {
  if (!caller_holds) pthread_mutex_lock(&l->mu);
  while (l->length > max && l->head) {
    l->head = l->head->next;
    l->length--;
  }
  if (!caller_holds) pthread_mutex_unlock(&l->mu);
}

static void lf_trim(lf_list *l, bool caller_holds) { lf_trim_to(l, 16, caller_holds); }

/* negative: held, and the flag passed on through lf_trim says so. */
void lf_push_bounded(lf_list *l, lf_item *item) {
  pthread_mutex_lock(&l->mu);
  item->next = l->head;
  l->head = item;
  l->length++;
  lf_trim(l, true);
  pthread_mutex_unlock(&l->mu);
}

/* positive: held, and the flag passed on says it is not. */
void lf_push_then_trim(lf_list *l, lf_item *item) {
  pthread_mutex_lock(&l->mu);
  item->next = l->head;
  l->head = item;
  l->length++;
  lf_trim(l, false); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&l->mu);
}

/* negative: not held; the helper is told to take the lock. */
void lf_shrink(lf_list *l) { lf_trim(l, false); }

/* An enumerator as the flag, compared with the value that means "held". */
typedef enum { LF_CALLER_LOCKED = 0, LF_TAKE_LOCK = 1 } lf_lock_mode;

static size_t lf_count(lf_list *l, lf_lock_mode mode) {
  if (mode != LF_CALLER_LOCKED) pthread_mutex_lock(&l->mu);
  size_t n = l->length;
  if (mode != LF_CALLER_LOCKED) pthread_mutex_unlock(&l->mu);
  return n;
}

/* negative: held, and the mode says so. */
int lf_is_full(lf_list *l, size_t max) {
  pthread_mutex_lock(&l->mu);
  int full = lf_count(l, LF_CALLER_LOCKED) >= max;
  pthread_mutex_unlock(&l->mu);
  return full;
}

/* positive: held, and the mode asks the helper to take the lock. */
int lf_is_empty(lf_list *l) {
  pthread_mutex_lock(&l->mu);
  int empty = lf_count(l, LF_TAKE_LOCK) == 0; /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&l->mu);
  return empty;
}

/* negative: a flag the helper changes before it tests it is not decided by the caller's
 * constant, and the helper then locks on some paths only (not reported, as any such callee). */
static void lf_clear(lf_list *l, int locking) {
  if (l->length > 1000) locking = 0;
  if (locking) pthread_mutex_lock(&l->mu);
  l->head = NULL;
  l->length = 0;
  if (locking) pthread_mutex_unlock(&l->mu);
}

void lf_reset(lf_list *l) {
  pthread_mutex_lock(&l->mu);
  lf_clear(l, 1);
  pthread_mutex_unlock(&l->mu);
}

/* A bit of a flags word says the caller holds the lock. */
#define LF_F_LOCKED 0x2u
#define LF_F_STATS 0x4u

static size_t lf_size(lf_list *l, unsigned flags) {
  if (!(flags & LF_F_LOCKED)) pthread_mutex_lock(&l->mu);
  size_t n = l->length;
  if (!(flags & LF_F_LOCKED)) pthread_mutex_unlock(&l->mu);
  return n;
}

/* negative: held, and the flags word has LF_F_LOCKED. */
size_t lf_size_for_stats(lf_list *l) {
  pthread_mutex_lock(&l->mu);
  size_t n = lf_size(l, LF_F_LOCKED | LF_F_STATS);
  pthread_mutex_unlock(&l->mu);
  return n;
}

/* positive: held, and the flags word lacks LF_F_LOCKED. */
size_t lf_size_checked(lf_list *l) {
  pthread_mutex_lock(&l->mu);
  size_t n = lf_size(l, LF_F_STATS); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&l->mu);
  return n;
}

/* A state compared with an enumerator that is not zero. */
typedef enum { LF_STATE_FREE = 3, LF_STATE_HELD = 4 } lf_state;

static void lf_pop(lf_list *l, lf_state state) {
  if (state != LF_STATE_HELD) pthread_mutex_lock(&l->mu);
  if (l->head) {
    l->head = l->head->next;
    l->length--;
  }
  if (state != LF_STATE_HELD) pthread_mutex_unlock(&l->mu);
}

/* negative: held, and the state says so. */
void lf_pop_two(lf_list *l) {
  pthread_mutex_lock(&l->mu);
  lf_pop(l, LF_STATE_HELD);
  lf_pop(l, LF_STATE_HELD);
  pthread_mutex_unlock(&l->mu);
}

/* positive: held, and the state says the lock is free. */
void lf_pop_locked(lf_list *l) {
  pthread_mutex_lock(&l->mu);
  lf_pop(l, LF_STATE_FREE); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&l->mu);
}

/* A helper that passes one flag on and fixes another: its callers' constant for the first
   still reaches the helper below it, whichever of the functions is defined first. */
static void lf_note(lf_list *l, int locking, int count) {
  if (locking) pthread_mutex_lock(&l->mu);
  if (count) l->length++;
  if (locking) pthread_mutex_unlock(&l->mu);
}

static void lf_touch(lf_list *l, int locking) { lf_note(l, locking, 0); }

/* negative: held, and told so through lf_touch. */
void lf_touch_held(lf_list *l) {
  pthread_mutex_lock(&l->mu);
  lf_touch(l, 0);
  pthread_mutex_unlock(&l->mu);
}

/* positive: held, and told through lf_touch to take the lock. */
void lf_touch_again(lf_list *l) {
  pthread_mutex_lock(&l->mu);
  lf_touch(l, 1); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&l->mu);
}

/* positive: the helper holds the lock and passes its caller's flag on; lf_clear_twice passes
 * locking = 1, so for that caller this call takes the lock again. */
static void lf_clear_under_lock(lf_list *l, int id, int locking) {
  pthread_mutex_lock(&l->mu);
  lf_unlink(l, id, locking); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&l->mu);
}

/* negative: through the helper above with locking = 0. */
void lf_clear_one(lf_list *l, int id) { lf_clear_under_lock(l, id, 0); }

/* The caller whose flag makes lf_clear_under_lock deadlock (reported there). */
void lf_clear_twice(lf_list *l, int id) { lf_clear_under_lock(l, id, 1); }
