#ifndef SHOAL_MASTER_NOTIFY_H
#define SHOAL_MASTER_NOTIFY_H
/* notify: the systemd notification protocol (sd_notify without libsystemd):
 * one datagram to $NOTIFY_SOCKET per state change ("READY=1",
 * "RELOADING=1", "STOPPING=1", "STATUS=..."). A no-op when the variable is
 * not set. */

void notify_send(const char *state);
#endif
