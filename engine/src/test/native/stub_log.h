/* Shared by the stub libraries: appends one line per call to the file named by $HNE_STUB_LOG. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static void stub_log(const char *format, ...) {
    const char *path = getenv("HNE_STUB_LOG");
    if (path == NULL) return;
    FILE *f = fopen(path, "a");
    if (f == NULL) return;
    va_list args;
    va_start(args, format);
    vfprintf(f, format, args);
    va_end(args);
    fputc('\n', f);
    fclose(f);
}
