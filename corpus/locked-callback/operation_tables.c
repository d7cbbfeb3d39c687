/* concur-locked-callback: a call through a pointer to a table of function
   pointers (`t->ops->close (t)`) runs what the tables the pointer may point
   to hold. dbus picks a transport's vtable this way: `transport->vtable =
   vtable;` in an internal init function whose callers pass
   `&socket_vtable`, a static const table of dbus's own functions. When every
   table the project stores there is its own, the call is a call of those
   functions; a table a caller outside can pass in is anyone's code. A C
   function whose name starts with an underscore is the library's own (C
   reserves such names; dbus exports its _dbus_ functions only under a private
   symbol version, for its own programs). */
#include <pthread.h>
#include <stddef.h>

struct transport;

struct transport_ops {
  void (*close)(struct transport *t);
  void (*shutdown)(struct transport *t);
};

struct transport {
  pthread_mutex_t lock;
  const struct transport_ops *ops;
  int fd;
  void (*on_shutdown)(void *user);
  void *user;
};

struct socket_transport {
  struct transport base;
  int port;
};

static void socket_close(struct transport *t) { t->fd = -1; }
static void socket_shutdown(struct transport *t) { t->fd = -2; }
static void pipe_close(struct transport *t) { t->fd = -1; }
/* Runs the application's shutdown callback. */
static void pipe_shutdown(struct transport *t) {
  if (t->on_shutdown) t->on_shutdown(t->user);
}

static const struct transport_ops socket_ops = {socket_close, socket_shutdown};
static const struct transport_ops pipe_ops = {
    .close = pipe_close,
    .shutdown = pipe_shutdown,
};

/* Only this file calls it, with one of the tables above. */
static void transport_init(struct transport *t, const struct transport_ops *ops) { t->ops = ops; }

void transport_set_shutdown_callback(struct transport *t, void (*cb)(void *), void *user) {
  t->on_shutdown = cb;
  t->user = user;
}

void socket_transport_init(struct socket_transport *s, int port) {
  transport_init(&s->base, &socket_ops);
  s->port = port;
}

void pipe_transport_init(struct transport *t) { t->ops = &pipe_ops; }

/* negative: close is socket_close or pipe_close, both the project's own. */
void transport_close(struct transport *t) {
  pthread_mutex_lock(&t->lock);
  t->ops->close(t);
  pthread_mutex_unlock(&t->lock);
}

/* positive: pipe_shutdown runs the application's callback under the lock. */
void transport_shutdown(struct transport *t) {
  pthread_mutex_lock(&t->lock);
  t->ops->shutdown(t); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&t->lock);
}

struct codec;

struct codec_ops {
  int (*encode)(struct codec *c, char *out, int size);
};

struct codec {
  pthread_mutex_t lock;
  const struct codec_ops *ops;
};

static int identity_encode(struct codec *c, char *out, int size) {
  (void)c;
  (void)out;
  return size;
}

static const struct codec_ops identity_codec = {identity_encode};

/* Exported: a caller outside passes a table of its own. */
void codec_init(struct codec *c, const struct codec_ops *ops) { c->ops = ops; }

void codec_init_identity(struct codec *c) { codec_init(c, &identity_codec); }

/* positive: ops may be any user's table. */
int codec_encode(struct codec *c, char *out, int size) {
  pthread_mutex_lock(&c->lock);
  int n = c->ops->encode(c, out, size); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->lock);
  return n;
}

struct server;

struct server_ops {
  void (*disconnect)(struct server *s);
};

struct server {
  pthread_mutex_t lock;
  const struct server_ops *ops;
  int listening;
};

static void socket_server_disconnect(struct server *s) { s->listening = 0; }

static const struct server_ops socket_server_ops = {socket_server_disconnect};

/* External linkage, but internal by its name: only the library calls it. */
int _server_init_base(struct server *s, const struct server_ops *ops) {
  s->ops = ops;
  s->listening = 1;
  return 1;
}

int server_listen(struct server *s) { return _server_init_base(s, &socket_server_ops); }

/* negative: disconnect is socket_server_disconnect. */
void server_disconnect(struct server *s) {
  pthread_mutex_lock(&s->lock);
  s->ops->disconnect(s);
  pthread_mutex_unlock(&s->lock);
}

/* The table chosen in a switch into a local, then stored (dbus's type
   readers: `klass = &struct_reader_class;` ... `sub->klass = klass;`). */
struct reader;

struct reader_class {
  int (*next)(struct reader *r);
};

struct reader {
  pthread_mutex_t lock;
  const struct reader_class *klass;
  int pos;
};

static int body_next(struct reader *r) { return ++r->pos; }
static int array_next(struct reader *r) { return r->pos += 2; }

static const struct reader_class body_class = {body_next};
static const struct reader_class array_class = {array_next};

void reader_recurse(struct reader *sub, int type) {
  const struct reader_class *klass = NULL;
  switch (type) {
    case 'a':
      klass = &array_class;
      break;
    default:
      klass = &body_class;
      break;
  }
  sub->klass = klass;
}

/* negative: next is body_next or array_next. */
int reader_next(struct reader *r) {
  pthread_mutex_lock(&r->lock);
  int pos = r->klass->next(r);
  pthread_mutex_unlock(&r->lock);
  return pos;
}

/* The table chosen in a switch into a local and called through it at once
   (dbus's `(* klass->recurse) (sub, reader)`). */
struct cursor;

struct cursor_class {
  void (*enter)(struct cursor *sub, struct cursor *parent);
};

struct cursor {
  pthread_mutex_t lock;
  int depth;
};

static void enter_array(struct cursor *sub, struct cursor *parent) { sub->depth = parent->depth + 1; }
static void enter_struct(struct cursor *sub, struct cursor *parent) { sub->depth = parent->depth + 2; }

static const struct cursor_class array_cursor_class = {enter_array};
static const struct cursor_class struct_cursor_class = {enter_struct};

void cursor_recurse(struct cursor *parent, struct cursor *sub, int type) {
  const struct cursor_class *klass = NULL;
  switch (type) {
    case 'a':
      klass = &array_cursor_class;
      break;
    default:
      klass = &struct_cursor_class;
      break;
  }
  pthread_mutex_lock(&parent->lock);
  /* negative: enter is enter_array or enter_struct. */
  (*klass->enter)(sub, parent);
  pthread_mutex_unlock(&parent->lock);
}

void cursor_recurse_with(struct cursor *parent, struct cursor *sub, const struct cursor_class *custom) {
  const struct cursor_class *klass = &array_cursor_class;
  if (custom) klass = custom;
  pthread_mutex_lock(&parent->lock);
  /* positive: klass may be the caller's own table. */
  (*klass->enter)(sub, parent); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&parent->lock);
}

/* A table pointer set from a lookup that returns an element of a static
   array of tables (dbus's find_mech: `return &all_mechanisms[i];`). */
struct mechanism {
  const char *name;
  int (*encode)(const char *in, char *out);
  int (*decode)(const char *in, char *out);
};

struct session {
  pthread_mutex_t lock;
  const struct mechanism *mech;
  void (*on_decoded)(void *user);
  void *user;
};

static int plain_encode(const char *in, char *out) { return out[0] = in[0]; }
static int plain_decode(const char *in, char *out) { return out[0] = in[0]; }
static int cookie_encode(const char *in, char *out) { return out[0] = in[1]; }
/* Hands what it decoded to the application. */
static int cookie_decode(const char *in, char *out) {
  (void)out;
  struct session *s = (struct session *)(void *)out;
  if (s->on_decoded) s->on_decoded(s->user);
  return in[0];
}

static const struct mechanism all_mechanisms[] = {
    {"PLAIN", plain_encode, plain_decode},
    {"COOKIE", cookie_encode, cookie_decode},
    {NULL, NULL, NULL},
};

static const struct mechanism *find_mechanism(const char *name) {
  for (int i = 0; all_mechanisms[i].name != NULL; i++)
    if (name[0] == all_mechanisms[i].name[0]) return &all_mechanisms[i];
  return NULL;
}

void session_set_decoded_callback(struct session *s, void (*cb)(void *), void *user) {
  s->on_decoded = cb;
  s->user = user;
}

static int run_codec(int (*codec)(const char *, char *), const char *in, char *out) { return codec(in, out); }

int session_start(struct session *s, const char *name, char *out) {
  s->mech = find_mechanism(name);
  if (s->mech == NULL) return -1;
  pthread_mutex_lock(&s->lock);
  /* negative: encode is plain_encode or cookie_encode, from the table find_mechanism returns an element of. */
  int n = s->mech->encode(name, out);
  /* negative: the same table's encode, handed to a helper that runs it. */
  n += run_codec(s->mech->encode, name, out);
  pthread_mutex_unlock(&s->lock);
  return n;
}

int session_decode(struct session *s, const char *in, char *out) {
  pthread_mutex_lock(&s->lock);
  /* positive: decode may be cookie_decode, which runs the application's callback. */
  int n = run_codec(s->mech->decode, in, out); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&s->lock);
  return n;
}

/* A lookup that returns a built-in table on one path and the caller's own
   table on another returns no one table. */
struct custom_session {
  pthread_mutex_t lock;
  const struct mechanism *mech;
};

static const struct mechanism *pick_mechanism(const struct mechanism *custom) {
  if (custom != NULL) return custom;
  return &all_mechanisms[0];
}

int custom_session_start(struct custom_session *s, const struct mechanism *custom, char *out) {
  s->mech = pick_mechanism(custom);
  pthread_mutex_lock(&s->lock);
  /* positive: mech may be the caller's table, whatever the built-in ones hold. */
  int n = s->mech->encode("x", out); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&s->lock);
  return n;
}

/* A table picked with a conditional: a store of either table. */
struct voice_ops {
  void (*render)(float *out, int frames);
};

static void sine_render(float *out, int frames) { out[0] = (float)frames; }
static void noise_render(float *out, int frames) { out[frames - 1] = 0.5f; }
static const struct voice_ops sine_ops = {sine_render};
static const struct voice_ops noise_ops = {noise_render};

struct voice {
  pthread_mutex_t lock;
  const struct voice_ops *ops;
};

void voice_init(struct voice *v, int sine) { v->ops = sine ? &sine_ops : &noise_ops; }

/* negative: ops is sine_ops or noise_ops, both the project's own. */
void voice_render(struct voice *v, float *out, int frames) {
  pthread_mutex_lock(&v->lock);
  v->ops->render(out, frames);
  pthread_mutex_unlock(&v->lock);
}

struct custom_voice {
  pthread_mutex_t lock;
  const struct voice_ops *ops;
};

void custom_voice_init(struct custom_voice *v, const struct voice_ops *custom) {
  v->ops = custom ? custom : &sine_ops;
}

/* positive: one branch of the choice is the caller's own table. */
void custom_voice_render(struct custom_voice *v, float *out, int frames) {
  pthread_mutex_lock(&v->lock);
  v->ops->render(out, frames); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&v->lock);
}
