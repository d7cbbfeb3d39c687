/* concur-locked-callback through function pointers in structs declared
   without a tag and named by a typedef (`typedef struct { ... } name;`, as
   dbus's DBusAuthMechanismHandler): each is its own type, so a field of one
   is not the same-named field of another. */
#include <pthread.h>
#include <stddef.h>

typedef struct {
  const char *name;
  void (*run)(void *data);
} builtin_step;

typedef struct {
  const char *name;
  void (*run)(void *data);
} plugin_step;

static void step_count(void *data) { ++*(int *)data; }
static void step_reset(void *data) { *(int *)data = 0; }

static pthread_mutex_t steps_lock = PTHREAD_MUTEX_INITIALIZER;

static void builtin_init(builtin_step *step, int counting) {
  step->name = counting ? "count" : "reset";
  if (counting)
    step->run = step_count;
  else
    step->run = step_reset;
}

/* The application makes its plugin steps with its own function. */
void plugin_init(plugin_step *step, const char *name, void (*run)(void *data)) {
  step->name = name;
  step->run = run;
}

void run_builtin(builtin_step *step, int *counter) {
  pthread_mutex_lock(&steps_lock);
  /* negative: a builtin_step's run is step_count or step_reset; plugin_init fills another type's field. */
  step->run(counter);
  pthread_mutex_unlock(&steps_lock);
}

void run_plugin(plugin_step *step, int *counter) {
  pthread_mutex_lock(&steps_lock);
  /* positive: a plugin_step's run is the application's function. */
  step->run(counter); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&steps_lock);
}

int run_all(int *counter) {
  builtin_step count;
  builtin_init(&count, 1);
  run_builtin(&count, counter);
  return *counter;
}
