/* concur-locked-callback: a container that carries its callbacks per object
   (glib's GHashTable, dbus's DBusHashTable). Over the whole project its
   destroy function may be anything a user passes to the exported
   constructor; the table a field holds, though, is the one its creating
   call made. A call into the table runs foreign code only when that
   creation gave it a foreign function (or one that runs foreign code), or
   when the project cannot tell which table it is. */
#include <pthread.h>
#include <stdlib.h>

typedef void (*destroy_fn)(void *data);

/* ---- a table library (in a real project: its own file) ---- */

typedef struct table {
  void *keys[16];
  int count;
  destroy_fn key_destroy;
  destroy_fn value_destroy;
} table;

table *table_new_full(destroy_fn key_destroy, destroy_fn value_destroy) {
  table *t = calloc(1, sizeof *t);
  if (t == NULL) return NULL;
  t->key_destroy = key_destroy;
  t->value_destroy = value_destroy;
  return t;
}

table *table_new(void) { return table_new_full(NULL, NULL); }

static void table_remove_at(table *t, int i) {
  if (t->key_destroy) t->key_destroy(t->keys[i]);
  if (t->value_destroy) t->value_destroy(t->keys[i]);
  t->keys[i] = t->keys[--t->count];
}

void table_remove(table *t, void *key) {
  for (int i = 0; i < t->count; ++i)
    if (t->keys[i] == key) table_remove_at(t, i);
}

void table_insert(table *t, void *key) {
  if (t->count == 16) table_remove_at(t, 0);
  t->keys[t->count++] = key;
}

/* ---- a queue whose free function a setter changes after creation ---- */

typedef struct queue {
  void *items[8];
  int count;
  destroy_fn free_item;
} queue;

queue *queue_new(void) {
  queue *q = calloc(1, sizeof *q);
  if (q == NULL) return NULL;
  q->free_item = NULL;
  return q;
}

void queue_set_free_func(queue *q, destroy_fn free_item) { q->free_item = free_item; }

void queue_clear(queue *q) {
  for (int i = 0; i < q->count; ++i)
    if (q->free_item) q->free_item(q->items[i]);
  q->count = 0;
}

/* ---- users of the library ---- */

typedef struct handler {
  void (*notify)(void *user_data);
  void *user_data;
} handler;

/* Runs the handler's user callback: what the exported add_handler was given. */
static void handler_free(void *data) {
  handler *h = data;
  if (h->notify) h->notify(h->user_data);
  free(h);
}

static void free_name(void *data) { free(data); }

/* The project's own factories around the library's: what they return is
   what the call that set their local made. */
static table *make_name_table(void) {
  table *t = table_new_full(free_name, NULL);
  return t;
}

static table *make_item_table(destroy_fn item_destroy) {
  table *t = NULL;
  t = table_new_full(item_destroy, NULL);
  return t;
}

typedef struct context {
  pthread_mutex_t lock;
  table *sources;    /* no destroy functions */
  table *names;      /* frees its keys with the file's own function */
  table *handlers;   /* drops handlers, which runs their user callbacks */
  table *user_items; /* destroys with whatever the creator of the context passes */
  queue *pending;    /* its free function is set after creation */
  table *aliases;    /* made by make_name_table */
  table *spare_aliases; /* the same table, set in one chained assignment */
  table *extras;     /* made by make_item_table with the creator's function */
} context;

context *context_new(destroy_fn item_destroy) {
  context *c = calloc(1, sizeof *c);
  if (c == NULL) return NULL;
  pthread_mutex_init(&c->lock, NULL);
  c->sources = table_new();
  c->names = table_new_full(free_name, NULL);
  c->handlers = table_new_full(NULL, handler_free);
  c->user_items = table_new_full(item_destroy, NULL);
  c->pending = queue_new();
  c->aliases = c->spare_aliases = make_name_table();
  c->extras = make_item_table(item_destroy);
  return c;
}

/* positive: inserting into the full handlers table may drop a handler, whose handler_free runs the user's notify. */
void add_handler(context *c, void (*notify)(void *), void *user_data) {
  handler *h = calloc(1, sizeof *h);
  if (h == NULL) return;
  h->notify = notify;
  h->user_data = user_data;
  pthread_mutex_lock(&c->lock);
  table_insert(c->handlers, h); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->lock);
}

void context_set_pending_free(context *c, destroy_fn free_item) { queue_set_free_func(c->pending, free_item); }

/* negative: the sources table was made with no destroy function. */
void remove_source(context *c, void *source) {
  pthread_mutex_lock(&c->lock);
  table_remove(c->sources, source);
  pthread_mutex_unlock(&c->lock);
}

/* negative: the names table frees its keys with free_name, which runs nothing foreign. */
void forget_name(context *c, char *name) {
  pthread_mutex_lock(&c->lock);
  table_remove(c->names, name);
  pthread_mutex_unlock(&c->lock);
}

/* negative: inserting into the names table may drop a key with free_name, which runs nothing foreign. */
void add_name(context *c, char *name) {
  pthread_mutex_lock(&c->lock);
  table_insert(c->names, name);
  pthread_mutex_unlock(&c->lock);
}

/* negative: the sources table is set to NULL and made again by table_new, still with no destroy function. */
void reset_sources(context *c, void *first) {
  pthread_mutex_lock(&c->lock);
  c->sources = NULL;
  c->sources = table_new();
  table_insert(c->sources, first);
  pthread_mutex_unlock(&c->lock);
}

/* positive: the handlers table drops a handler through handler_free, which runs the user's notify. */
void remove_handler(context *c, handler *h) {
  pthread_mutex_lock(&c->lock);
  table_remove(c->handlers, h); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->lock);
}

/* positive: the user items table destroys with the function context_new's caller passed. */
void drop_item(context *c, void *item) {
  pthread_mutex_lock(&c->lock);
  table_remove(c->user_items, item); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->lock);
}

/* negative: the aliases table comes from make_name_table, whose table frees keys with free_name. */
void forget_alias(context *c, char *alias) {
  pthread_mutex_lock(&c->lock);
  table_remove(c->aliases, alias);
  pthread_mutex_unlock(&c->lock);
}

/* negative: spare_aliases got the same table in a chained assignment (`a = b = make ()`). */
void forget_spare_alias(context *c, char *alias) {
  pthread_mutex_lock(&c->lock);
  table_remove(c->spare_aliases, alias);
  pthread_mutex_unlock(&c->lock);
}

/* positive: make_item_table passes on the destroy function context_new's caller gave. */
void drop_extra(context *c, void *extra) {
  pthread_mutex_lock(&c->lock);
  table_remove(c->extras, extra); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->lock);
}

/* positive: the pending queue was made without a free function, but a setter gives it the user's. */
void flush_pending(context *c) {
  pthread_mutex_lock(&c->lock);
  queue_clear(c->pending); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->lock);
}

/* negative: a local that copies the sources table is that table. */
void remove_source_through_local(context *c, void *source) {
  pthread_mutex_lock(&c->lock);
  table *sources = c->sources;
  table_remove(sources, source);
  pthread_mutex_unlock(&c->lock);
}

/* negative: a scratch table made here with no destroy function. */
int count_distinct(context *c, void **keys, int n) {
  int count;
  pthread_mutex_lock(&c->lock);
  table *seen = table_new();
  for (int i = 0; i < n; ++i) table_insert(seen, keys[i]);
  count = seen->count;
  pthread_mutex_unlock(&c->lock);
  return count;
}

/* positive: a local that copies the user items table runs the creator's destroy function. */
void drop_item_through_local(context *c, void *item) {
  pthread_mutex_lock(&c->lock);
  table *items = c->user_items;
  table_remove(items, item); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->lock);
}

/* positive: a local that may be either table is judged by both. */
void drop_either(context *c, int user, void *key) {
  pthread_mutex_lock(&c->lock);
  table *target = c->sources;
  if (user) target = c->user_items;
  table_remove(target, key); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->lock);
}

/* A helper that takes the table as a parameter: its callers say which table. */
static void forget(table *t, void *key) { table_remove(t, key); }

/* negative: through a helper, on the sources table. */
void remove_source_through_helper(context *c, void *source) {
  pthread_mutex_lock(&c->lock);
  forget(c->sources, source);
  pthread_mutex_unlock(&c->lock);
}

/* positive: through the same helper, on the user items table. */
void drop_item_through_helper(context *c, void *item) {
  pthread_mutex_lock(&c->lock);
  forget(c->user_items, item); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->lock);
}

/* A table some code sets through its address: what the callee stores there is unknown. */
static void table_reopen(table **slot, destroy_fn key_destroy) { *slot = table_new_full(key_destroy, NULL); }

typedef struct journal {
  pthread_mutex_t lock;
  table *entries;
} journal;

void journal_init(journal *j) { j->entries = table_new(); }

void journal_rotate(journal *j, destroy_fn key_destroy) { table_reopen(&j->entries, key_destroy); }

/* positive: journal_rotate may have given entries the caller's destroy function, through its address. */
void journal_forget(journal *j, void *entry) {
  pthread_mutex_lock(&j->lock);
  table_remove(j->entries, entry); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&j->lock);
}

/* A table set in an aggregate initializer. */
typedef struct session {
  pthread_mutex_t lock;
  table *items;
} session;

session *session_new(void) {
  session *s = calloc(1, sizeof *s);
  if (s) s->items = table_new();
  return s;
}

/* positive: an initializer elsewhere gives a session's items the caller's destroy function. */
void session_close(session *s, void *item) {
  pthread_mutex_lock(&s->lock);
  table_remove(s->items, item); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&s->lock);
}

void session_run_once(destroy_fn item_destroy, void *item) {
  session temporary = {PTHREAD_MUTEX_INITIALIZER, table_new_full(item_destroy, NULL)};
  session_close(&temporary, item);
}

/* A global whose aggregate initializer leaves the table null until it is made. */
typedef struct directory {
  pthread_mutex_t lock;
  table *names;
} directory;

static directory the_directory = {PTHREAD_MUTEX_INITIALIZER, NULL};

void directory_open(void) {
  pthread_mutex_lock(&the_directory.lock);
  if (the_directory.names == NULL) the_directory.names = make_name_table();
  pthread_mutex_unlock(&the_directory.lock);
}

/* negative: the directory's names table is null or one make_name_table made. */
void directory_forget(char *name) {
  pthread_mutex_lock(&the_directory.lock);
  table_remove(the_directory.names, name);
  pthread_mutex_unlock(&the_directory.lock);
}

/* A table in a global, made under the lock on first use. */
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static table *registry;

/* negative: the registry is only ever made by table_new. */
void register_object(void *object) {
  pthread_mutex_lock(&registry_lock);
  if (registry == NULL) registry = table_new();
  table_insert(registry, object);
  pthread_mutex_unlock(&registry_lock);
}

/* A runner that calls what it is given on the table, under the lock: which
   table reaches the callable is not a call's argument here, so a table
   function handed over counts as running any table's callbacks. */
static void with_items(context *c, void (*fn)(table *t, void *key), void *key) {
  pthread_mutex_lock(&c->lock);
  fn(c->user_items, key);
  pthread_mutex_unlock(&c->lock);
}

/* positive: the runner holds the lock while table_remove drops a user item. */
void drop_item_through_runner(context *c, void *item) { with_items(c, table_remove, item); } /* expect: concur-locked-callback */
