/* SPDX-License-Identifier: MIT */
/*
** fuzz_lua.h: one Lua 5.4 state per fuzzing process, with the checkout's
** lua/ on package.path and build/lua5.4 on package.cpath.  NX_FUZZ_ROOT is
** set by the Makefile; $NX_ROOT overrides it (a moved checkout).
*/
#ifndef NX_FUZZ_LUA_H
#define NX_FUZZ_LUA_H

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef NX_FUZZ_ROOT
#define NX_FUZZ_ROOT "."
#endif

static lua_State *nx_fuzz_lua(const char *setup)
{
    const char *root = getenv("NX_ROOT");
    lua_State *L = luaL_newstate();
    if (L == NULL)
        abort();
    luaL_openlibs(L);
    if (root == NULL)
        root = NX_FUZZ_ROOT;
    lua_pushstring(L, root);
    lua_setglobal(L, "NX_ROOT");
    if (luaL_dostring(L,
            "package.path = NX_ROOT .. '/lua/?.lua;' .. NX_ROOT .."
            " '/lua/?/init.lua;' .. package.path\n"
            "package.cpath = NX_ROOT .. '/build/lua5.4/?.so;' .. package.cpath\n"
            "NX_ROOT = nil") != LUA_OK ||
        luaL_dostring(L, setup) != LUA_OK) {
        fprintf(stderr, "fuzz setup: %s\n", lua_tostring(L, -1));
        abort();
    }
    return L;
}

static void nx_fuzz_lua_call(lua_State *L, int nargs, const char *what);

/* A harness's Lua state: newsextract.core preloaded from this binary (so
** it is instrumented too), then `chunk` run, with the string `arg` as its
** one argument unless arg is NULL; the function it returns is kept in the
** registry for nx_fuzz_lua_push_fn. */
static lua_State *nx_fuzz_lua_fn(const char *chunk, lua_CFunction open_core,
                                 const char *arg)
{
    lua_State *L = nx_fuzz_lua("");
    lua_getglobal(L, "package");
    lua_getfield(L, -1, "preload");
    lua_pushcfunction(L, open_core);
    lua_setfield(L, -2, "newsextract.core");
    lua_pop(L, 2);
    if (luaL_loadstring(L, chunk) != LUA_OK) {
        fprintf(stderr, "fuzz setup: %s\n", lua_tostring(L, -1));
        abort();
    }
    if (arg != NULL)
        lua_pushstring(L, arg);
    if (lua_pcall(L, arg != NULL, 1, 0) != LUA_OK) {
        fprintf(stderr, "fuzz setup: %s\n", lua_tostring(L, -1));
        abort();
    }
    lua_setfield(L, LUA_REGISTRYINDEX, "nx_fuzz_fn");
    return L;
}

/* Pushes the kept function; the caller pushes its arguments, then
** nx_fuzz_lua_call runs it. */
static void nx_fuzz_lua_push_fn(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, "nx_fuzz_fn");
}

/* Runs the kept function with the nargs values pushed after it: any Lua
** error aborts (a crash to libFuzzer); then a step of the collector. */
static void nx_fuzz_lua_call(lua_State *L, int nargs, const char *what)
{
    if (lua_pcall(L, nargs, 0, 0) != LUA_OK) {
        fprintf(stderr, "%s raised: %s\n", what, lua_tostring(L, -1));
        abort();
    }
    lua_gc(L, LUA_GCSTEP, 0);
}

/* The kept function called with the input as one string, skipped (0) when
** the input is over max bytes. */
static int nx_fuzz_lua_string(lua_State *L, const char *what,
                              const uint8_t *data, size_t size, size_t max)
{
    if (size > max)
        return 0;
    nx_fuzz_lua_push_fn(L);
    lua_pushlstring(L, (const char *)data, size);
    nx_fuzz_lua_call(L, 1, what);
    return 0;
}

/* The two entry points of a harness whose Lua function takes the input as
** one string: the state made from the harness's nx_fuzz_run (into its
** nx_fuzz_L), the input skipped over max bytes. */
#define NX_FUZZ_LUA_INIT()                                                  \
    int LLVMFuzzerInitialize(int *argc, char ***argv);                      \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);           \
    int LLVMFuzzerInitialize(int *argc, char ***argv)                       \
    {                                                                       \
        (void)argc;                                                         \
        (void)argv;                                                         \
        nx_fuzz_L = nx_fuzz_lua_fn(nx_fuzz_run, luaopen_newsextract_core,   \
                                   NULL);                                   \
        return 0;                                                           \
    }

#define NX_FUZZ_LUA_STRING(what, max)                                       \
    NX_FUZZ_LUA_INIT()                                                      \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)            \
    {                                                                       \
        return nx_fuzz_lua_string(nx_fuzz_L, (what), data, size, (max));    \
    }

#endif
