/* SPDX-License-Identifier: MIT */
/* nx_test.h: what every cmocka unit test includes first. */
#ifndef NX_TEST_H
#define NX_TEST_H
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#endif
