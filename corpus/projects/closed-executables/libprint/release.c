/* concur-locked-callback: a release hook that programs set, as glib's
 * g_ptr_array_set_free_func. */
#include "../print.h"

#include <stddef.h>

static pr_release_fn g_release;

void pr_set_release(pr_release_fn release) { g_release = release; }

void pr_drop(void *data) {
  if (g_release) g_release(data);
}
