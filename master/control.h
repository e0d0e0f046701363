#ifndef SHOAL_MASTER_CONTROL_H
#define SHOAL_MASTER_CONTROL_H
/* control: the master's control socket and its commands (protocol in
 * ipc/CONTROL.md). The module owns the listening pipe and its clients. */
#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

#define CONTROL_PROTOCOL_VERSION 1

struct shoal_master;
typedef struct control_client control_client;

int control_listen(struct shoal_master *m);
void control_close(struct shoal_master *m);
/* Sends one reply or progress line to c (steals msg); c may be NULL. */
void control_send(control_client *c, json_t *msg);
void control_progress(control_client *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Sends {"ok": false, "error": TEXT} to c (may be NULL). */
void control_error(control_client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
json_t *control_status(struct shoal_master *m);
/* Upgrade: the socket and the waiting client survive the exec. */
json_t *control_export(struct shoal_master *m, control_client *c);
void control_unexport(struct shoal_master *m, control_client *c);
control_client *control_adopt(struct shoal_master *m, json_t *state);
/* The peer check: the master's own uid or root. */
bool control_uid_allowed(uid_t peer, uid_t self);
#endif
