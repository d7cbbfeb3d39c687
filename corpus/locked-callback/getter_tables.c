/* concur-locked-callback: a factory that returns what a function from a
 * table of getters returns (`return (*fb[i]) ();`, `return k_getters[i] ();`)
 * gives its caller one of the objects those getters return. unbound builds
 * its module stack this way: `stack->mod[i] = module_factory (&conf);`, where
 * module_factory calls a getter from a static array (`&iter_get_funcblock`,
 * `&val_get_funcblock`, ...), each returning the address of a static table
 * of the module's own functions. A call through such a table under a lock
 * runs what those tables hold; a getter from a public function's caller
 * returns anyone's table. The same holds for objects a table of makers
 * makes, each with its own release function. */
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct module_env {
  int verbosity;
};

struct module_block {
  const char *name;
  int (*init)(struct module_env *env, int id);
  void (*deinit)(struct module_env *env, int id);
};

typedef struct module_block *(*block_getter)(void);

static int iter_init(struct module_env *env, int id) { return env->verbosity + id; }
static void iter_deinit(struct module_env *env, int id) { env->verbosity -= id; }
static int val_init(struct module_env *env, int id) { return env->verbosity * id; }
static void val_deinit(struct module_env *env, int id) { env->verbosity += id; }

static struct module_block iter_block = {"iterator", iter_init, iter_deinit};
static struct module_block val_block = {"validator", val_init, val_deinit};

struct module_block *iter_get_block(void) { return &iter_block; }
struct module_block *val_get_block(void) { return &val_block; }

/* The getters of the modules built in, in a function-local static array. */
static block_getter *getters_avail(void) {
  static block_getter fb[] = {&iter_get_block, &val_get_block, NULL};
  return fb;
}

static const char *const k_names[] = {"iterator", "validator", NULL};

struct module_block *module_factory(const char *name) {
  block_getter *fb = getters_avail();
  for (int i = 0; k_names[i]; i++)
    if (strcmp(k_names[i], name) == 0) return (*fb[i])();
  return NULL;
}

/* A plugin whose init runs the application's hook. */
static void (*g_plugin_hook)(int id);
void plugins_set_hook(void (*hook)(int id)) { g_plugin_hook = hook; }

static int hooked_init(struct module_env *env, int id) {
  if (g_plugin_hook) g_plugin_hook(id);
  return env->verbosity;
}
static struct module_block hooked_block = {"hooked", hooked_init, iter_deinit};
struct module_block *hooked_get_block(void) { return &hooked_block; }

/* A file-scope table of getters, called without a `*`. */
static const block_getter k_plugin_getters[] = {&val_get_block, &hooked_get_block};
static const block_getter k_core_getters[] = {&iter_get_block, &val_get_block};

struct module_block *plugin_factory(int i) { return k_plugin_getters[i & 1](); }

struct module_block *core_factory(int i) {
  block_getter get = k_core_getters[i & 1];
  return get();
}

/* The getter comes from this public function's caller. */
struct module_block *module_from(block_getter get) { return get(); }

struct module_stack {
  int num;
  struct module_block *mod[4];
  struct module_block *plugin;
  struct module_block *core;
  struct module_block *extra;
};

struct context {
  pthread_mutex_t cfglock;
  struct module_env env;
  struct module_stack stack;
};

int stack_config(struct module_stack *stack, const char *const *names, int count) {
  stack->num = 0;
  for (int i = 0; i < count && i < 4; i++) {
    stack->mod[i] = module_factory(names[i]);
    if (!stack->mod[i]) return 0;
    stack->num++;
  }
  return 1;
}

static int stack_setup(struct module_stack *stack, struct module_env *env) {
  for (int i = 0; i < stack->num; i++)
    if (!(*stack->mod[i]->init)(env, i)) return 0;
  return 1;
}

void context_add_plugin(struct context *ctx, int i) { ctx->stack.plugin = plugin_factory(i); }
void context_add_core(struct context *ctx, int i) { ctx->stack.core = core_factory(i); }
void context_add_extra(struct context *ctx, block_getter get) { ctx->stack.extra = module_from(get); }

int context_finalize(struct context *ctx) {
  int ok;
  pthread_mutex_lock(&ctx->cfglock);
  /* negative: module_factory's getters return iter_block or val_block, whose init is the project's own. */
  ok = stack_setup(&ctx->stack, &ctx->env);
  pthread_mutex_unlock(&ctx->cfglock);
  return ok;
}

void context_teardown(struct context *ctx) {
  pthread_mutex_lock(&ctx->cfglock);
  /* negative: the same tables' deinit, called directly on the stack. */
  for (int i = 0; i < ctx->stack.num; i++) ctx->stack.mod[i]->deinit(&ctx->env, i);
  pthread_mutex_unlock(&ctx->cfglock);
}

int context_init_core(struct context *ctx) {
  int ok;
  pthread_mutex_lock(&ctx->cfglock);
  /* negative: core_factory calls a getter copied from k_core_getters, which lists the built-in modules only. */
  ok = ctx->stack.core->init(&ctx->env, 0);
  pthread_mutex_unlock(&ctx->cfglock);
  return ok;
}

int context_init_plugin(struct context *ctx) {
  int ok;
  pthread_mutex_lock(&ctx->cfglock);
  /* positive: k_plugin_getters lists hooked_get_block, whose table's init calls the hook users set. */
  ok = ctx->stack.plugin->init(&ctx->env, 1); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&ctx->cfglock);
  return ok;
}

int context_init_extra(struct context *ctx) {
  int ok;
  pthread_mutex_lock(&ctx->cfglock);
  /* positive: the table comes from a getter context_add_extra's caller passes. */
  ok = ctx->stack.extra->init(&ctx->env, 2); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&ctx->cfglock);
  return ok;
}

/* Objects made by a table of makers, each setting its release function. */
struct codec {
  void (*release)(struct codec *c);
  int level;
};

static void plain_release(struct codec *c) { free(c); }

static struct codec *make_plain(void) {
  struct codec *c = malloc(sizeof *c);
  if (!c) return NULL;
  c->release = plain_release;
  c->level = 1;
  return c;
}

static struct codec *make_fast(void) {
  struct codec *c = malloc(sizeof *c);
  if (!c) return NULL;
  c->release = plain_release;
  c->level = 9;
  return c;
}

static void (*g_release_hook)(struct codec *c);
void codecs_set_release_hook(void (*hook)(struct codec *c)) { g_release_hook = hook; }

static struct codec *make_hooked(void) {
  struct codec *c = malloc(sizeof *c);
  if (!c) return NULL;
  c->release = g_release_hook;
  c->level = 0;
  return c;
}

typedef struct codec *(*codec_maker)(void);
static const codec_maker k_makers[] = {make_plain, make_fast};
static const codec_maker k_all_makers[] = {make_plain, make_hooked};

static struct codec *codec_new(int i) { return k_makers[i & 1](); }
static struct codec *codec_new_any(int i) { return k_all_makers[i & 1](); }

struct session {
  pthread_mutex_t lock;
  struct codec *codec;
  struct codec *any_codec;
};

void session_open(struct session *s, int i) {
  s->codec = codec_new(i);
  s->any_codec = codec_new_any(i);
}

void session_close(struct session *s) {
  pthread_mutex_lock(&s->lock);
  /* negative: codec_new's makers both set plain_release. */
  if (s->codec) s->codec->release(s->codec);
  pthread_mutex_unlock(&s->lock);
}

void session_close_any(struct session *s) {
  pthread_mutex_lock(&s->lock);
  /* positive: k_all_makers lists make_hooked, which sets the release hook users set. */
  if (s->any_codec) s->any_codec->release(s->any_codec); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&s->lock);
}
