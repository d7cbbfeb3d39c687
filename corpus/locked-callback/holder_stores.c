/* A function pointer field read through a pointer to any object of its type
 * (`h->notify` in a helper handed an element) holds what every store into
 * that field puts there, also the stores through the objects that hold such
 * elements (`t->items[i].notify = notify` in the public add), not only the
 * helper's own `h->notify = NULL` that clears it after the copy it calls. */
#include <pthread.h>
#include <string.h>

typedef void (*hs_notify_fn) (void *data);

typedef struct
{
  unsigned id;
  void *data;
  hs_notify_fn notify;
} hs_handler;

typedef struct
{
  pthread_mutex_t lock;
  hs_handler items[8];
  unsigned len;
} hs_table;

static void
hs_dispose (hs_handler *h)
{
  hs_notify_fn notify = h->notify;

  h->notify = NULL;
  if (notify != NULL)
    notify (h->data);
}

/* Public: the application's notify goes into the table. */
void
hs_add (hs_table *t, unsigned id, void *data, hs_notify_fn notify)
{
  pthread_mutex_lock (&t->lock);
  if (t->len < 8)
    {
      t->items[t->len].id = id;
      t->items[t->len].data = data;
      t->items[t->len].notify = notify;
      t->len++;
    }
  pthread_mutex_unlock (&t->lock);
}

static int
hs_take (hs_table *t, unsigned id)
{
  unsigned i;
  for (i = 0; i < t->len; i++)
    if (t->items[i].id == id)
      {
        hs_handler gone = t->items[i];
        memmove (&t->items[i], &t->items[i + 1], (t->len - i - 1) * sizeof (hs_handler));
        t->len--;
        hs_dispose (&gone);
        return 1;
      }
  return 0;
}

int
hs_remove (hs_table *t, unsigned id)
{
  int found;
  pthread_mutex_lock (&t->lock);
  /* positive: hs_dispose calls the notify hs_add stored, copied out before it clears the field. */
  found = hs_take (t, id); /* expect: concur-locked-callback */
  pthread_mutex_unlock (&t->lock);
  return found;
}

/* Another file's helper clears the field through a pointer to any handler;
 * the call through the field itself reads what hs_add stored too. */
void
hs_forget (hs_handler *h)
{
  h->notify = NULL;
}

static void
hs_fire (hs_handler *h)
{
  if (h->notify != NULL)
    h->notify (h->data);
}

void
hs_fire_all (hs_table *t)
{
  unsigned i;
  pthread_mutex_lock (&t->lock);
  /* positive: each handler's notify is what hs_add stored. */
  for (i = 0; i < t->len; i++)
    hs_fire (&t->items[i]); /* expect: concur-locked-callback */
  pthread_mutex_unlock (&t->lock);
}

int
hs_remove_later (hs_table *t, unsigned id)
{
  hs_handler gone;
  int found = 0;
  unsigned i;
  pthread_mutex_lock (&t->lock);
  for (i = 0; i < t->len; i++)
    if (t->items[i].id == id)
      {
        gone = t->items[i];
        t->items[i] = t->items[--t->len];
        found = 1;
        break;
      }
  pthread_mutex_unlock (&t->lock);
  /* negative: the notify runs after the unlock. */
  if (found)
    hs_dispose (&gone);
  return found;
}

/* The same shape where every holder stores the library's own function. */
typedef struct
{
  void *buf;
  hs_notify_fn release;
} hs_chunk;

typedef struct
{
  pthread_mutex_t lock;
  hs_chunk chunks[4];
  int used;
} hs_pool;

static int hs_released;

static void
hs_release_buffer (void *buf)
{
  (void) buf;
  hs_released++;
}

static void
hs_chunk_drop (hs_chunk *c)
{
  hs_notify_fn release = c->release;

  c->release = NULL;
  if (release != NULL)
    release (c->buf);
}

void
hs_pool_put (hs_pool *p, void *buf)
{
  pthread_mutex_lock (&p->lock);
  if (p->used < 4)
    {
      p->chunks[p->used].buf = buf;
      p->chunks[p->used].release = hs_release_buffer;
      p->used++;
    }
  pthread_mutex_unlock (&p->lock);
}

void
hs_pool_clear (hs_pool *p)
{
  int i;
  pthread_mutex_lock (&p->lock);
  /* negative: every chunk's release is the pool's own hs_release_buffer, which takes no lock. */
  for (i = 0; i < p->used; i++)
    hs_chunk_drop (&p->chunks[i]);
  p->used = 0;
  pthread_mutex_unlock (&p->lock);
}
