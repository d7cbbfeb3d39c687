/* concur-locked-callback through tables whose initializers leave fields out.
   C (and C++) zero-initialize every field an aggregate initializer does not
   name: the terminator entry `{ NULL, NULL }` of dbus's all_mechanisms[]
   leaves its encode functions null, exactly as if they were written out. A
   call through such a field runs only what the named entries store. */
#include <pthread.h>
#include <stddef.h>

typedef struct codec codec;
typedef int (*encode_fn)(codec *c, const char *in);

typedef struct {
  const char *name;
  int (*handshake)(codec *c);
  encode_fn encode;
  encode_fn decode;
} mechanism;

struct codec {
  pthread_mutex_t lock;
  const mechanism *mech;
  int state;
};

static int plain_handshake(codec *c) { return c->state = 1; }
static int rot_handshake(codec *c) { return c->state = 2; }
static int rot_encode(codec *c, const char *in) { return c->state + (in ? in[0] : 0); }

/* The last entry names nothing but the terminator: every other field is null. */
static const mechanism mechanisms[] = {
  {"PLAIN", plain_handshake, NULL, NULL},
  {"ROT", rot_handshake, rot_encode},
  {NULL, NULL},
};

/* Designated initializers: the fields not named are null too. */
static const mechanism fallback = {.name = "NONE", .handshake = plain_handshake};

const mechanism *find_mechanism(const char *name) {
  for (size_t i = 0; mechanisms[i].name; i++)
    if (name && name[0] == mechanisms[i].name[0]) return &mechanisms[i];
  return NULL;
}

int codec_start(codec *c, const char *name) {
  pthread_mutex_lock(&c->lock);
  c->mech = find_mechanism(name);
  if (!c->mech) c->mech = &fallback;
  /* negative: every handshake stored is plain_handshake or rot_handshake (or the terminator's null). */
  int ok = c->mech->handshake(c);
  pthread_mutex_unlock(&c->lock);
  return ok;
}

int codec_encode(codec *c, const char *in) {
  pthread_mutex_lock(&c->lock);
  /* negative: encode is rot_encode or left out (null) in every entry. */
  int n = c->mech->encode ? c->mech->encode(c, in) : 0;
  pthread_mutex_unlock(&c->lock);
  return n;
}

/* A second table whose decode slot an application fills in. */
typedef struct {
  encode_fn decode;
  void (*reset)(codec *c);
} extension;

static extension extensions[4] = {{NULL}};

void codec_register_decoder(int slot, encode_fn decode) {
  if (slot >= 0 && slot < 4) extensions[slot].decode = decode;
}

int codec_decode(codec *c, int slot, const char *in) {
  int n = 0;
  pthread_mutex_lock(&c->lock);
  /* positive: the application's decoder, passed to the public codec_register_decoder. */
  if (extensions[slot].decode) n = extensions[slot].decode(c, in); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->lock);
  return n;
}

void codec_reset(codec *c, int slot) {
  pthread_mutex_lock(&c->lock);
  /* negative: reset is never set anywhere; every entry leaves it null. */
  if (extensions[slot].reset) extensions[slot].reset(c);
  pthread_mutex_unlock(&c->lock);
}
