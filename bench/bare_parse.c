/* SPDX-License-Identifier: MIT */
/*
** bare_parse.c: peak RSS growth of a bare libxml2 parse of one file
** (htmlReadMemory with nx_parse.c's options, then xmlFreeDoc), the
** reference `make bench-hostile` divides newsextract's peak by.
**
** Usage: bare_parse FILE  ->  prints "<peak RSS growth in kB>"
*/
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

static long bare_status(const char *key)
{
    char line[256];
    long v = -1;
    size_t n = strlen(key);
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, key, n) == 0 && line[n] == ':')
            v = strtol(line + n + 1, NULL, 10);
    fclose(f);
    return v;
}

int main(int argc, char **argv)
{
    FILE *f, *c;
    long len, base, peak;
    char *s;
    htmlDocPtr doc;
    if (argc != 2 || (f = fopen(argv[1], "rb")) == NULL) {
        fprintf(stderr, "usage: bare_parse FILE\n");
        return 2;
    }
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    rewind(f);
    s = (char *)malloc((size_t)len + 1);
    if (s == NULL || fread(s, 1, (size_t)len, f) != (size_t)len)
        return 2;
    fclose(f);
    memset(s + len, 0, 1);
    xmlInitParser();
    if ((c = fopen("/proc/self/clear_refs", "w")) != NULL) {
        fputs("5", c);
        fclose(c);
    }
    base = bare_status("VmRSS");
    doc = htmlReadMemory(s, (int)len, NULL, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                         HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                         HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT |
                         XML_PARSE_HUGE);
    peak = bare_status("VmHWM");
    if (doc != NULL)
        xmlFreeDoc(doc);
    printf("%ld\n", peak - base);
    free(s);
    return 0;
}
