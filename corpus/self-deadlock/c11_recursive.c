/* C11 threads: a mutex set up with mtx_init (&m, mtx_plain | mtx_recursive)
 * may be taken again by the thread that holds it; one set up with mtx_plain
 * (or mtx_timed) may not. */
#include <threads.h>

struct c11_screen {
  mtx_t screen_mutex; /* recursive */
  mtx_t fence_mutex;  /* plain */
  unsigned seqno;
};

void c11_screen_init(struct c11_screen *s) {
  mtx_init(&s->screen_mutex, mtx_plain | mtx_recursive);
  mtx_init(&s->fence_mutex, mtx_plain);
  s->seqno = 0;
}

static unsigned c11_seqno(struct c11_screen *s) {
  mtx_lock(&s->screen_mutex);
  unsigned n = s->seqno;
  mtx_unlock(&s->screen_mutex);
  return n;
}

/* negative: screen_mutex is recursive. */
void c11_screen_reset(struct c11_screen *s) {
  mtx_lock(&s->screen_mutex);
  if (c11_seqno(s) != 0) s->seqno = 0;
  mtx_unlock(&s->screen_mutex);
}

static unsigned c11_fence(struct c11_screen *s) {
  mtx_lock(&s->fence_mutex);
  unsigned n = s->seqno;
  mtx_unlock(&s->fence_mutex);
  return n;
}

/* positive: fence_mutex is plain. */
void c11_fence_wait(struct c11_screen *s) {
  mtx_lock(&s->fence_mutex);
  if (c11_fence(s) == 0) s->seqno++; /* expect: concur-self-deadlock */
  mtx_unlock(&s->fence_mutex);
}

/* negative: released before the call. */
void c11_fence_bump(struct c11_screen *s) {
  mtx_lock(&s->fence_mutex);
  s->seqno++;
  mtx_unlock(&s->fence_mutex);
  (void)c11_fence(s);
}
