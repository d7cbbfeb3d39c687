/* Workers a C factory starts into the object it returns (see factories.c). */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

void reset_after_crew(void);
void reset_before_crew(void);
void reset_during_crew(void);
void reset_after_named_gang(void);
void keep_background_squad(void);
void reset_after_squad(void);
void reset_after_dropped_posse(void);
int reset_after_checked_band(void);
struct stage;
void reset_after_staged_band(struct stage *unused);
void reset_during_checked_band(void);

#ifdef __cplusplus
}
#endif
