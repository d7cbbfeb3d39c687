/* concur-locked-callback: an array of pointers to tables of function pointers
 * (`static const struct codec_ops *const k_codecs[] = {&plain_ops, &upper_ops,
 * NULL};`, a plugin loader's list of linked-in plugins) calls, through an
 * element (`k_codecs[i]->encode (...)`, or `(*p)->encode (...)` with `p`
 * walking the array), what the listed tables hold. Tables of the project's
 * own functions run no foreign code; one whose function calls a hook users
 * set does. */
#include <pthread.h>
#include <stddef.h>

typedef void (*codec_hook)(const char *text);

struct codec_ops {
  const char *name;
  int (*encode)(const char *text);
  void (*reset)(void);
};

static pthread_mutex_t codecs_lock = PTHREAD_MUTEX_INITIALIZER;
static codec_hook user_hook;
static long encoded;

void codecs_set_hook(codec_hook hook) {
  pthread_mutex_lock(&codecs_lock);
  user_hook = hook;
  pthread_mutex_unlock(&codecs_lock);
}

static int plain_encode(const char *text) { return text[0]; }
static int upper_encode(const char *text) { return text[0] >= 'a' ? text[0] - 32 : text[0]; }
static int logged_encode(const char *text) {
  if (user_hook) user_hook(text);
  return 0;
}
static void plain_reset(void) { encoded = 0; }

static const struct codec_ops plain_ops = {"plain", plain_encode, plain_reset};
static const struct codec_ops upper_ops = {"upper", upper_encode, plain_reset};
static const struct codec_ops logged_ops = {"logged", logged_encode, plain_reset};

static const struct codec_ops *const k_builtin_codecs[] = {&plain_ops, &upper_ops, NULL};
static const struct codec_ops *const k_all_codecs[] = {&plain_ops, &logged_ops, NULL};

void codecs_run_builtin(const char *text) {
  const struct codec_ops *const *p;
  pthread_mutex_lock(&codecs_lock);
  /* negative: every table k_builtin_codecs lists holds the project's own encoders. */
  for (p = k_builtin_codecs; *p; p++) encoded += (*p)->encode(text);
  pthread_mutex_unlock(&codecs_lock);
}

void codecs_reset_one(size_t i) {
  pthread_mutex_lock(&codecs_lock);
  /* negative: an element picked by index, still one of k_builtin_codecs' tables. */
  k_builtin_codecs[i]->reset();
  pthread_mutex_unlock(&codecs_lock);
}

void codecs_run_all(const char *text) {
  pthread_mutex_lock(&codecs_lock);
  /* positive: logged_ops' encoder calls the hook users set, under the lock. */
  for (const struct codec_ops *const *p = k_all_codecs; *p; p++) encoded += (*p)->encode(text); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&codecs_lock);
}

void codecs_run_one(const char *text, size_t i) {
  pthread_mutex_lock(&codecs_lock);
  /* positive: by index, one of k_all_codecs' tables may be logged_ops. */
  encoded += k_all_codecs[i]->encode(text); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&codecs_lock);
}

void codecs_reset_all(void) {
  pthread_mutex_lock(&codecs_lock);
  /* negative: every table of k_all_codecs resets with plain_reset. */
  for (const struct codec_ops *const *p = k_all_codecs; *p; p++) (*p)->reset();
  pthread_mutex_unlock(&codecs_lock);
}
