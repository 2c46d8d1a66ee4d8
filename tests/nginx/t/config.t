# tests/nginx/t/config.t: configuration mistakes stop nginx at start (naming
# the option) and `newsextract check-nginx` finds the same ones beforehand.

=== TEST 1: a misspelt configure() option stops nginx at start, naming it
--- http_config
    init_by_lua_block {
        require("newsextract.resty").configure({ reload_intervall = 5 })
    }
--- config
    location /t { return 200; }
--- must_die
--- error_log
unknown option reload_intervall
did you mean reload_interval?
--- check_nginx
fail
unknown option reload_intervall (did you mean reload_interval?)

=== TEST 2: a good configuration passes the check and serves
--- http_config
    lua_shared_dict newsextract 1m;
    init_by_lua_block {
        require("newsextract.resty").configure({ reload_interval = 2, max_size = 1048576 })
    }
    init_worker_by_lua_block { require("newsextract.resty").init_worker() }
--- config
    location = /extract {
        content_by_lua_block { require("newsextract.resty").content() }
    }
--- request
POST /extract
--- request_body_file: article.html
--- response_body_like
"title":"Harbour town votes to rebuild its lighthouse"
"readerable":true
--- check_nginx
ok
3 newsextract calls checked
--- no_error_log
[error]
[warn]

=== TEST 3: a misspelt per-location option: the response passes through, logged; the check names it
--- config
    location /f/ {
        alias @PAGES@/;
        header_filter_by_lua_block {
            require("newsextract.resty").header_filter({ fromat = "reader" })
        }
        body_filter_by_lua_block { require("newsextract.resty").body_filter() }
    }
--- request
GET /f/article.html
--- response_body_same_as: article.html
--- error_log
newsextract.resty.header_filter: unknown option fromat (did you mean format?)
--- check_nginx
fail
unknown option fromat (did you mean format?)

=== TEST 4: a mistyped option value and a bad $newsextract_format are found by the check
--- http_config
    init_by_lua_block {
        require("newsextract.resty").configure({ max_size = "8m" })
    }
--- config
    location /f/ {
        set $newsextract_format readr;
        set $newsextract_fromat json;
        return 200;
    }
--- must_die
--- error_log
max_size: expected number, got string
--- check_nginx
fail
max_size: expected number, got string
set $newsextract_format readr: expected one of json, text, html, markdown, reader
set $newsextract_fromat: unknown newsextract variable (did you mean $newsextract_format?)

=== TEST 5: a bad $newsextract_format at run time: logged, the page passes through
--- config
    location /f/ {
        alias @PAGES@/;
        set $newsextract_format $arg_f;
        header_filter_by_lua_block { require("newsextract.resty").header_filter() }
        body_filter_by_lua_block { require("newsextract.resty").body_filter() }
    }
--- request
GET /f/article.html?f=pdf
--- response_body_same_as: article.html
--- error_log
$newsextract_format: expected one of json, text, html, markdown, reader, got "pdf"
