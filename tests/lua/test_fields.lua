-- SPDX-License-Identifier: MIT
-- tests/lua/test_fields.lua: case tables for newsextract.fields.
local fields = require("newsextract.fields")
local h = require("helper")

local T = {}
local function case(name, fn) T[#T + 1] = { name = name, fn = fn } end

case("collapse", function()
    h.eq(fields.collapse("  a \t b\n\nc  "), "a b c")
    h.eq(fields.collapse("\194\160x\194\160\194\160y\227\128\128"), "x y")
    h.eq(fields.collapse("   "), nil)
    h.eq(fields.collapse(""), nil)
    h.eq(fields.collapse(nil), nil)
    h.raises("fields.collapse: expected a string, got number", fields.collapse, 5)
end)

-- { input, expected [, format [, timezone]] }
local DATES = {
    -- ISO 8601
    { "2017-12-07T11:56", "2017-12-07T11:56" },
    { "2016-12-14T22:03:42Z", "2016-12-14T22:03:42Z" },
    { "2016-12-14T22:03:42z", "2016-12-14T22:03:42Z" },
    { "2020-01-13T13:37:49+0000", "2020-01-13T13:37:49+00:00" },
    { "2020-01-13T13:37:49+00:00", "2020-01-13T13:37:49+00:00" },
    { "2020-01-13T13:37:49-05:00", "2020-01-13T13:37:49-05:00" },
    { "2020-01-13T13:37:49.123456+01:00", "2020-01-13T13:37:49+01:00" },
    { "2020-01-13T13:37+05:30", "2020-01-13T13:37+05:30" },
    { "2020-01-13 13:37:49", "2020-01-13T13:37:49" },
    { "2017-12-07", "2017-12-07" },
    { "20170315", "2017-03-15" },
    { "20170315T101500Z", "2017-03-15T10:15:00Z" },
    { "  2017-12-07 11:56  ", "2017-12-07T11:56" },
    -- RFC 2822 and date(1)
    { "Wed, 14 Dec 2016 22:03:42 GMT", "2016-12-14T22:03:42Z" },
    { "Wed, 14 Dec 2016 22:03:42 +0000", "2016-12-14T22:03:42+00:00" },
    { "Wed, 14 Dec 2016 22:03:42 -0500", "2016-12-14T22:03:42-05:00" },
    { "Wed Dec 14 22:03:42 UTC 2016", "2016-12-14T22:03:42Z" },
    -- news sites
    { "December 7, 2017 / 11:56 AM / a day ago", "2017-12-07T11:56" },
    { "June 11, 2020 / 6:50 PM / Updated an hour ago", "2020-06-11T18:50" },
    { "Dec 7, 2017 11:56 AM ET", "2017-12-07T11:56-05:00" },
    { "Jul 7, 2017 11:56 AM ET", "2017-07-07T11:56-04:00" },
    { "Dec. 7, 2017 at 12:05 a.m. EST", "2017-12-07T00:05-05:00" },
    { "Published: Dec. 7, 2017 at 3 p.m. ET", "2017-12-07T15:00-05:00" },
    { "Thu Mar 16, 2017 | 1:12am EDT", "2017-03-16T01:12-04:00" },
    { "Business News | Wed Dec 14, 2016 | 5:03pm EST", "2016-12-14T17:03-05:00" },
    { "7 December 2017", "2017-12-07" },
    { "Thursday 7 December 2017 11.56 GMT", nil },
    { "Thursday 7 December 2017 11:56 GMT", "2017-12-07T11:56Z" },
    { "December 7th, 2017", "2017-12-07" },
    { "Sept. 1, 2019", "2019-09-01" },
    { "2017-12-07 11:56", "2017-12-07T11:56" },
    { "2017/12/07", "2017-12-07" },
    { "03/15/2017", "2017-03-15" },
    { "15/03/2017", "2017-03-15" },
    { "15.03.2017 14:30", "2017-03-15T14:30" },
    { "7. Dezember 2017, 11:56 Uhr", "2017-12-07T11:56" },
    { "7 décembre 2017", "2017-12-07" },
    { "7 de diciembre de 2017", "2017-12-07" },
    { "2017年12月7日 11:56", "2017-12-07T11:56" },
    { "2017年12月7日11時56分", "2017-12-07T11:56" },
    { "2017년 12월 7일", "2017-12-07" },
    { "12 PM December 7, 2017", "2017-12-07T12:00" },
    { "12:30 AM December 7, 2017", "2017-12-07T00:30" },
    { "February 29, 2016", "2016-02-29" },
    -- not dates
    { "2017-13-07", nil },
    { "2017-02-30", nil },
    { "February 29, 2017", nil },
    { "13/13/2017", nil },
    { "2017-12-07T25:00", nil },
    { "2017-12-07T11:61", nil },
    { "13:00 pm Dec 7, 2017", nil },
    { "He said 5 people died in 2017", nil },
    { "December 7", nil },
    { "2017", nil },
    { "11:56 AM", nil },
    { "Reuters Staff", nil },
    { "", nil },
    { "Call 555-1234 on 2017-12-07", nil },
    { "December 7, 2017 2018", nil },
    -- explicit format and timezone
    { "Wed Dec 14 22:03:42 UTC 2016", "2016-12-14T22:03:42Z", "%a %b %d %H:%M:%S UTC %Y", "UTC" },
    { "14/12/2016 22:03", "2016-12-14T22:03+01:00", "%d/%m/%Y %H:%M", "Europe/Berlin" },
    { "14/07/2016 22:03", "2016-07-14T22:03+02:00", "%d/%m/%Y %H:%M", "Europe/Berlin" },
    { "12/14/16 10:03 PM", "2016-12-14T22:03", "%m/%d/%y %I:%M %p" },
    { "2016-12-14 22:03:42 +0530", "2016-12-14T22:03:42+05:30", "%F %T %z" },
    { "December 7, 2017 / 11:56 AM", "2017-12-07T11:56", "%B %d, %Y / %I:%M %p" },
    { "December 7, 2017 / 11:56 AM", "2017-12-07T11:56-05:00", "%B %d, %Y / %I:%M %p", "America/New_York" },
    { "December 7, 2017", "2017-12-07", "%B %d, %Y", "UTC" },
    { "December 7, 2017 junk", nil, "%B %d, %Y" },
    { "Smarch 7, 2017", nil, "%B %d, %Y" },
    { "13/14/2016", nil, "%m/%d/%Y" },
    { "2016-07-14 22:03", "2016-07-14T22:03-04:00", nil, "America/New_York" },
    { "2016-07-14T22:03Z", "2016-07-14T22:03Z", nil, "America/New_York" },
    { "Jul 14, 2016 10:03 PM", "2016-07-14T22:03+01:00", nil, "Europe/London" },
    { "Mar 12, 2017 1:59 AM", "2017-03-12T01:59-05:00", nil, "America/New_York" },
    { "Mar 12, 2017 3:00 AM", "2017-03-12T03:00-04:00", nil, "America/New_York" },
}

case("date: table", function()
    for i, c in ipairs(DATES) do
        local got = fields.date(c[1], c[3], c[4])
        h.eq(got, c[2], ("DATES[%d] %q"):format(i, c[1]))
    end
end)

case("date: caller mistakes raise", function()
    h.raises("fields.date: expected a string, got table", fields.date, {})
    h.raises("unknown directive %Q", fields.date, "x", "%Q")
    h.raises("unknown timezone Mars/Olympus", fields.date, "2017-12-07", nil, "Mars/Olympus")
    h.eq(fields.date(nil), nil)
    h.eq(fields.check_format("%Y-%m-%d"), true)
    local ok, msg = fields.check_format("%Y-%k")
    h.eq(ok, nil); h.eq(msg, "unknown directive %k")
    h.eq(fields.timezone_known("Europe/Paris"), true)
    h.eq(fields.timezone_known("+05:30"), true)
    h.eq(fields.timezone_known("Nowhere"), false)
end)

case("date: long junk is rejected quickly", function()
    h.eq(fields.date(("1 "):rep(100000)), nil)
    h.eq(fields.date(("Dec "):rep(40)), nil)
end)

-- { byline, { names } }
local AUTHORS = {
    { "By A. Smith, Bob Jones and Carl Doe", { "A. Smith", "Bob Jones", "Carl Doe" } },
    { "Jane Doe and John Roe", { "Jane Doe", "John Roe" } },
    { "Jane Doe; John Roe", { "Jane Doe", "John Roe" } },
    { "Jane Doe & John Roe", { "Jane Doe", "John Roe" } },
    { "Reuters Staff", { "Reuters Staff" } },
    { "By Reuters Staff", { "Reuters Staff" } },
    { "By Howard Schneider and Lindsay Dunsmuir | WASHINGTON", { "Howard Schneider", "Lindsay Dunsmuir" } },
    { "Eric Auchard, Stephen Nellis", { "Eric Auchard", "Stephen Nellis" } },
    { "By Jane Doe, Staff Writer", { "Jane Doe" } },
    { "By John Stafford, Senior Correspondent", { "John Stafford" } },
    { "By Jane Doe | AP", { "Jane Doe" } },
    { "By JANE DOE and JOHN ROE Associated Press", { "JANE DOE", "JOHN ROE" } },
    { "By Jane Doe, Reuters", { "Jane Doe" } },
    { "By Jane Doe jane.doe@example.com", { "Jane Doe" } },
    { "Reporting by Joshua Franklin in New York", { "Joshua Franklin" } },
    { "by jane doe and Jane Doe", { "jane doe" } },
    { "By The Associated Press", { "The Associated Press" } },
    { "Von Anna Müller und Jörg Schmidt", { "Anna Müller", "Jörg Schmidt" } },
    { "Par Jean Dupont et Marie Curie", { "Jean Dupont", "Marie Curie" } },
    { "", {} },
    { "By", {} },
    { "Staff Writer", {} },
}

case("authors: table", function()
    for i, c in ipairs(AUTHORS) do
        h.same(fields.authors(c[1]), c[2], ("AUTHORS[%d] %q"):format(i, c[1]))
    end
end)

case("authors: lists are merged and deduplicated", function()
    h.same(fields.authors({ "Jane Doe", "JANE DOE", "By Bob Roe and Jane Doe" }),
        { "Jane Doe", "Bob Roe" })
    h.same(fields.authors(nil), {})
    h.same(fields.authors({}), {})
    h.raises("fields.authors: element 2: expected a string, got number",
        fields.authors, { "A B", 5 })
    h.raises("fields.authors: expected a string or a list, got boolean", fields.authors, true)
end)

-- { paragraph, place }
local DATELINES = {
    { "VIENNA (Reuters) - Russia’s foreign minister", "VIENNA" },
    { "HANAU, Germany (Reuters) - A man shot", "HANAU, Germany" },
    { "LONDON/SAN FRANCISCO (Reuters) - U.S. President", "LONDON/SAN FRANCISCO" },
    { "NEW YORK (AP) — The", "NEW YORK" },
    { "NEW YORK (AP) -- The", "NEW YORK" },
    { "PARIS (AFP) - Le", "PARIS" },
    { "KÖLN (dpa) - Die", "KÖLN" },
    { "WASHINGTON, Dec 14 (Reuters) - The", "WASHINGTON" },
    { "WASHINGTON, Dec. 14 (Reuters) - The", "WASHINGTON" },
    { "SPRINGFIELD, Ill. (AP) — Lawmakers", "SPRINGFIELD, Ill." },
    { "ST. LOUIS, Missouri (Reuters) - x", "ST. LOUIS, Missouri" },
    { "SÃO PAULO (Reuters) - x", "SÃO PAULO" },
    { "LONDON (Reuters Breakingviews) - x", "LONDON" },
    -- negatives
    { "The U.S. (Reuters) reported on Tuesday", nil },
    { "I (Reuters) - said it", nil },
    { "(Reuters) - Data mining firm", nil },
    { "WASHINGTON The U.S. Federal Reserve", nil },
    { "He said (Reuters) - that", nil },
    { "NATO (the alliance) - members", nil },
    { "LONDON (Reuters) reported", nil },
    { "Mr SMITH (Reuters) - x", nil },
    { "", nil },
}

case("dateline: table", function()
    for i, c in ipairs(DATELINES) do
        h.eq(fields.dateline(c[1]), c[2], ("DATELINES[%d] %q"):format(i, c[1]))
    end
    h.eq(fields.dateline(nil), nil)
    h.raises("fields.dateline: expected a string, got number", fields.dateline, 1)
end)

-- { line, credits }
local CREDITS = {
    { "Reporting by Kirsti Knolle; editing by Alexander Smith",
      "Reporting by Kirsti Knolle; editing by Alexander Smith" },
    { "(Reporting by Howard Schneider; Additional reporting by Lindsay Dunsmuir and Jason Lange in Washington, Ann Saphir in San Francisco; Writing by Jane Doe; Editing by David Chance and Paul Simao)",
      "Reporting by Howard Schneider; Additional reporting by Lindsay Dunsmuir and Jason Lange in Washington, Ann Saphir in San Francisco; Writing by Jane Doe; Editing by David Chance and Paul Simao" },
    { "(Additional reporting by Richard Cowan; Editing by Peter Cooney)",
      "Additional reporting by Richard Cowan; Editing by Peter Cooney" },
    { "Compiled by Jane Doe", "Compiled by Jane Doe" },
    { "Editing by Kim Miyoung in Singapore and Jason Neely in London",
      "Editing by Kim Miyoung in Singapore and Jason Neely in London" },
    { "Reporting by Jason Hovet", "Reporting by Jason Hovet" },
    { "Reporting by Jane Doe, editing by John Roe.", "Reporting by Jane Doe, editing by John Roe." },
    -- negatives
    { "Reporting by the newspaper showed that the company lied.", nil },
    { "The police said reporting by the media was wrong.", nil },
    { "Our Standards:The Thomson Reuters Trust Principles.", nil },
    { "By Jane Doe", nil },
    { "Reporting by Jane Doe; and then the storm hit the coast", nil },
    { "(Reuters)", nil },
    { "", nil },
}

case("credits: table", function()
    for i, c in ipairs(CREDITS) do
        h.eq(fields.credits(c[1]), c[2], ("CREDITS[%d] %q"):format(i, c[1]))
    end
    h.eq(fields.credits(nil), nil)
end)

local READING = {
    { "2 Min Read", 2 }, { "5 min read", 5 }, { "1 MIN READ", 1 },
    { "10-minute read", 10 }, { "3 minutes read", 3 }, { "Reading time: 4 min", 4 },
    { "Lesezeit: 3 Minuten", 3 }, { "Lesedauer: 7 Min.", 7 },
    { "Temps de lecture : 2 min", 2 }, { "4 min de lecture", 4 },
    { "Read 2 min", nil }, { "2 Min Read more", nil }, { "0 min read", nil },
    { "He had 5 min to read the note", nil }, { "5 minutes", nil }, { "", nil },
}

case("reading_time: table", function()
    for i, c in ipairs(READING) do
        h.eq(fields.reading_time(c[1]), c[2], ("READING[%d] %q"):format(i, c[1]))
    end
end)

case("module shape", function()
    h.eq(type(fields._VERSION), "string")
end)

return T
