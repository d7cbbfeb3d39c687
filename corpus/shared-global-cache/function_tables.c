/* concur-shared-global-cache: a function whose address the project only
   stores in its own function pointers (a field, a global, a static table) runs
   where the project calls through them, not anywhere. Called that way only at
   start-up, its writes are serial; called that way from code that runs
   later, they are not; handed to code outside the project, anything may call it. */
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t masks_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned fatal_mask;
static unsigned debug_mask;
static unsigned trace_mask;
static unsigned quirk_mask;

void set_masks(unsigned mask) {
  pthread_mutex_lock(&masks_lock);
  fatal_mask = mask;
  debug_mask = mask;
  trace_mask = mask;
  quirk_mask = mask;
  pthread_mutex_unlock(&masks_lock);
}

/* A private table of the library's own functions, handed to its companion
   library through an accessor (glib's glib__private__ ()). */
static void read_fatal_environment(void) {
  /* negative: only the constructor below reaches it, through the private table: start-up, before any thread. */
  fatal_mask |= 1u;
}

void library_init(void) { read_fatal_environment(); }

struct private_vtable {
  void (*init)(void);
  void (*reload)(void);
};

static void reload_debug(void) {
  /* positive: the table's reload entry is called by library_reload, an entry point that runs whenever its users call it. */
  debug_mask |= 2u; /* expect: concur-shared-global-cache */
}

const struct private_vtable *library_private(void) {
  static const struct private_vtable table = {library_init, reload_debug};
  return &table;
}

static void __attribute__((constructor)) companion_init(void) { library_private()->init(); }

void library_reload(void) { library_private()->reload(); }

/* A hook stored by assignment in a global pointer, called only from another
   constructor. */
static void (*startup_hook)(void);

static void read_trace_environment(void) {
  /* negative: stored in startup_hook, which only the constructor calls. */
  trace_mask |= 4u;
}

static void __attribute__((constructor)) install_hooks(void) {
  startup_hook = read_trace_environment;
  startup_hook();
}

/* The same function stored in the project's pointer and also handed to code
   the project does not show: that code may call it at any time. */
extern void host_register_callback(void (*callback)(void));

struct quirk_table {
  void (*apply)(void);
};

static void apply_quirks(void) {
  /* positive: the host may call it at any time, not only the constructor. */
  quirk_mask |= 8u; /* expect: concur-shared-global-cache */
}

static const struct quirk_table quirks = {apply_quirks};

static void __attribute__((constructor)) load_quirks(void) {
  quirks.apply();
  host_register_callback(apply_quirks);
}
