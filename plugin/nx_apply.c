/* SPDX-License-Identifier: MIT */
/*
** nx_apply.c: doc:apply(spec [, between]), a compiled site rule applied to
** the document in one call from Lua.
**
**   spec.select   { {xpath, attr, all}, ... }  every field selector and
**                 next-page read of the rule, in the order the rule names
**                 them (xpath compiled, attr a string or nil)
**   spec.strip    { xpath, ... }   the rule's strip list
**   spec.content  { xpath, ... }   the rule's body selectors (or nil)
**   spec.content_opts              doc:content's options (or nil)
**   between       function(values, errors, round): called after the
**                 selections and before the strips, while the tree is
**                 still whole
**
** The selections run first, each as doc:select(xpath, attr, all) would:
** values[i] is its string, list, or false where nothing matched, and
** errors[i] the message where it raised or returned nil and a message
** (the caller replays it where the rule would have read that selector).  Then between(values, errors, 1)
** runs in Lua: the rule's patterns, transforms and generic readers work
** there, on the values, with the tree unchanged.  It may return a table:
**   .select   more selections, in the form of spec.select: they run and
**             between(values, errors, round + 1) is called with theirs
**             (a field's generic reader, when the rule's selectors found
**             nothing), at most NX_APPLY_ROUNDS rounds in all;
**   .resolve  { {url, image = bool, keep = bool}, ... }: URLs to resolve
**             against the document's base, as doc:resolve does, at the end.
** Then the strips run, each as doc:strip(xpath), and the body is read as
** doc:content(selectors).
**
** Returns strip_errors (a table: [i] = the message of strip i that
** failed), then what doc:content returns (nil, nil when spec.content is
** nil), then the resolved URLs (doc:resolve's list; nil when none were
** asked for): one call into C for the whole rule.
**
** No libxml2 memory is held here: each primitive frees what it takes
** before it returns, so any Lua error (a raising `between`) leaks nothing.
*/
#include "nx_apply.h"

/* Calls fn(doc, ...) with the `nargs` values on top of the stack,
** protected; leaves `nres` results, or the error message and returns 0. */
static int nx_apply_call(lua_State *L, lua_CFunction fn, int nargs, int nres,
                         int protect)
{
    lua_pushcfunction(L, fn);                       /* .., args, fn */
    lua_insert(L, -(nargs + 1));                    /* .., fn, args */
    lua_pushvalue(L, 1);                            /* .., fn, args, doc */
    lua_insert(L, -(nargs + 1));                    /* .., fn, doc, args */
    if (!protect) {
        lua_call(L, nargs + 1, nres);
        return 1;
    }
    return lua_pcall(L, nargs + 1, nres, 0) == 0;
}

/* Rounds of selections doc:apply runs at most (spec.select, then those
** `between` asks for). */
#define NX_APPLY_ROUNDS 3

/* The selections of the list on the stack top (popped): values and
** errors tables pushed (in that order). */
static void nx_apply_select(lua_State *L, const nx_apply_ops *ops)
{
    int list, values, errors, i, n;
    list = lua_gettop(L);
    lua_newtable(L);
    values = lua_gettop(L);
    lua_newtable(L);
    errors = lua_gettop(L);
    n = lua_type(L, list) == LUA_TTABLE ? (int)lua_rawlen(L, list) : 0;
    for (i = 1; i <= n; i++) {
        lua_rawgeti(L, list, i);                    /* .., entry */
        if (lua_type(L, -1) != LUA_TTABLE)
            luaL_error(L, "apply: select[%d]: expected a table", i);
        lua_rawgeti(L, -1, 1);                      /* .., entry, xpath */
        lua_rawgeti(L, -2, 2);                      /* .., entry, xpath, attr */
        lua_rawgeti(L, -3, 3);                      /* .., xpath, attr, all */
        if (nx_apply_call(L, ops->select, 3, 2, 1)) {
            /* .., entry, value, err: a bad expression, or one stopped
            ** over its budget, returns nil and its message */
            if (lua_isnil(L, -2) && !lua_isnil(L, -1))
                lua_rawseti(L, errors, i);
            else
                lua_pop(L, 1);
            if (lua_isnil(L, -1)) {
                lua_pop(L, 1);
                lua_pushboolean(L, 0);
            }
            lua_rawseti(L, values, i);              /* .., entry */
        } else {
            lua_rawseti(L, errors, i);
        }
        lua_pop(L, 1);
    }
    lua_remove(L, list);                            /* .., values, errors */
}

/* The strips: a table of their error messages pushed. */
static void nx_apply_strip(lua_State *L, const nx_apply_ops *ops)
{
    int list, errs, i, n;
    lua_getfield(L, 2, "strip");
    list = lua_gettop(L);
    lua_newtable(L);
    errs = lua_gettop(L);
    n = lua_type(L, list) == LUA_TTABLE ? (int)lua_rawlen(L, list) : 0;
    for (i = 1; i <= n; i++) {
        lua_rawgeti(L, list, i);                    /* .., xpath */
        nx_apply_call(L, ops->strip, 1, 2, 0);      /* .., count, err */
        if (lua_isnil(L, -2) && !lua_isnil(L, -1)) {
            lua_rawseti(L, errs, i);
            lua_pop(L, 1);
        } else {
            lua_pop(L, 2);
        }
    }
    lua_remove(L, list);                            /* .., errs */
}

NX_FUNC int nx_apply_run(lua_State *L, const nx_apply_ops *ops)
{
    int top, round;
    luaL_checktype(L, 2, LUA_TTABLE);
    if (!lua_isnoneornil(L, 3))
        luaL_checktype(L, 3, LUA_TFUNCTION);
    lua_settop(L, 3);
    lua_pushnil(L);                                 /* doc, spec, fn, resolve */
    lua_getfield(L, 2, "select");
    for (round = 1; ; round++) {
        nx_apply_select(L, ops);                    /* .., resolve, v, e */
        if (lua_isnil(L, 3)) {
            lua_pop(L, 2);
            break;
        }
        lua_pushvalue(L, 3);
        lua_insert(L, -3);                          /* .., resolve, fn, v, e */
        lua_pushinteger(L, round);
        lua_call(L, 3, 1);                          /* .., resolve, ret */
        if (lua_type(L, -1) != LUA_TTABLE) {
            lua_pop(L, 1);
            break;
        }
        lua_getfield(L, -1, "resolve");             /* .., resolve, ret, r */
        if (!lua_isnil(L, -1))
            lua_replace(L, 4);
        else
            lua_pop(L, 1);
        lua_getfield(L, -1, "select");              /* .., resolve, ret, more */
        lua_remove(L, -2);                          /* .., resolve, more */
        if (lua_type(L, -1) != LUA_TTABLE || round >= NX_APPLY_ROUNDS) {
            lua_pop(L, 1);
            break;
        }
    }
    nx_apply_strip(L, ops);                         /* doc, spec, fn, resolve, errs */
    top = lua_gettop(L);
    lua_getfield(L, 2, "content");
    if (lua_isnil(L, -1)) {
        lua_pushnil(L);                             /* errs, nil, nil */
    } else {
        lua_getfield(L, 2, "content_opts");         /* errs, sels, opts */
        nx_apply_call(L, ops->content, 2, 2, 0);    /* errs, res, err */
    }
    if (lua_isnil(L, 4)) {
        lua_pushnil(L);
    } else {
        lua_pushvalue(L, 4);
        nx_apply_call(L, ops->resolve, 1, 1, 0);    /* errs, res, err, urls */
    }
    return lua_gettop(L) - top + 1;
}
