/* concur-locked-callback: a variable that points to a table of function
   pointers (sqlite's mutex methods: `static const struct methods *g_methods =
   &pthread_methods;`, switched to `&noop_methods` at initialization) calls
   what the tables it is ever set to hold, by its initializer or by any
   assignment. Tables of the project's own functions run no foreign code; a
   variable a public setter can point anywhere, or a table whose entry a
   public setter fills, does. */
#include <pthread.h>
#include <stddef.h>

struct box;

struct box_methods {
  void (*enter)(struct box *b);
  void (*leave)(struct box *b);
};

struct box {
  pthread_mutex_t m;
  long uses;
};

static void real_enter(struct box *b) { pthread_mutex_lock(&b->m); }
static void real_leave(struct box *b) { pthread_mutex_unlock(&b->m); }
static void noop_enter(struct box *b) { (void)b; }
static void noop_leave(struct box *b) { (void)b; }

static const struct box_methods k_real_methods = {real_enter, real_leave};
static const struct box_methods k_noop_methods = {noop_enter, noop_leave};

static const struct box_methods *g_methods = &k_real_methods;
static const struct box_methods *g_fixed_methods = &k_real_methods;
static const struct box_methods *g_user_methods = &k_real_methods;

static struct box_methods g_audit_methods = {real_enter, real_leave};
static const struct box_methods *g_audit = &g_audit_methods;

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

void boxes_initialize(int threadsafe) { g_methods = threadsafe ? &k_real_methods : &k_noop_methods; }

void boxes_use_methods(const struct box_methods *methods) { g_user_methods = methods; }

void boxes_audit_with(void (*enter)(struct box *b)) { g_audit_methods.enter = enter; }

void boxes_touch_all(struct box **boxes, int n) {
  pthread_mutex_lock(&registry_lock);
  for (int i = 0; i < n; i++) {
    /* negative: g_methods only ever points to the two tables above, of the file's own functions. */
    g_methods->enter(boxes[i]);
    boxes[i]->uses++;
    /* negative: the same for the leave. */
    g_methods->leave(boxes[i]);
  }
  pthread_mutex_unlock(&registry_lock);
}

void boxes_touch_fixed(struct box *b) {
  pthread_mutex_lock(&registry_lock);
  /* negative: set by its initializer only. */
  g_fixed_methods->enter(b);
  g_fixed_methods->leave(b);
  pthread_mutex_unlock(&registry_lock);
}

void boxes_touch_user(struct box *b) {
  pthread_mutex_lock(&registry_lock);
  /* positive: boxes_use_methods lets any caller point g_user_methods at its own table. */
  g_user_methods->enter(b); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&registry_lock);
}

void boxes_audit(struct box *b) {
  pthread_mutex_lock(&registry_lock);
  /* positive: boxes_audit_with stores any caller's function in the table g_audit points to. */
  g_audit->enter(b); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&registry_lock);
}
