#!/usr/bin/env python3
"""Writes the tiny crime-import fixtures of this directory (run once; the outputs are committed).
Names are real Matsudo 町丁目 (e-Stat H27 small areas, see data/matsudo/PROVENANCE.md); every row
is invented test data (備考 = サンプル)."""
import os

D = os.path.dirname(os.path.abspath(__file__))
H = ("罪名,手口,管轄警察署（発生地）,管轄交番・駐在所（発生地）,市区町村コード（発生地）,都道府県（発生地）,"
     "市区町村（発生地）,町丁目（発生地）,発生年月日（始期）,発生時（始期）,発生場所の属性")


def row(chome, date="2023/9/6", hour="10", code="122076", pref="千葉県", city="松戸市", typ="自転車盗",
        place="駐車（輪）場", extra="施錠せず,サンプル"):
    return ",".join(["窃盗", typ, "松戸警察署", "サンプル交番01", code, pref, city, chome, date, hour, place]) + "," + extra


HB = H + ",施錠関係,備考"


def write(name, lines, enc="cp932", bom=False, tail=""):
    text = "\r\n".join(lines) + "\r\n" + tail
    data = text.encode(enc)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(os.path.join(D, name), "wb") as f:
        f.write(data)


# 1. matching: chome, spellings, oaza only, unknown name
write("match_cp932.csv", [HB,
      row("稔台５丁目"), row("常盤平三丁目"), row("八ヶ崎２丁目"), row("稔台1丁目2番"),
      row("稔台９丁目"), row("ほげ町１丁目"), row("上本郷"), row("松戸市新松戸北一丁目")])
# 2. encodings: the same 3 rows as UTF-8 with and without BOM
three = [HB, row("稔台５丁目"), row("常盤平三丁目"), row("八ヶ崎２丁目")]
write("utf8_bom.csv", three, enc="utf-8", bom=True)
write("utf8_nobom.csv", three, enc="utf-8")
write("cp932_three.csv", three)
# 3. municipality codes
write("codes_cp932.csv", [HB,
      row("稔台５丁目", code="12207"),
      row("稔台５丁目", code="122076"),
      row("稔台５丁目", code="１２２０７６"),
      row("稔台５丁目", code="122077"),                       # wrong check digit
      row("", code="12106", pref="北海道", city="岩見沢市"),    # 012106 without its zero
      row("", code="12106", pref="千葉県", city="千葉市美浜区"),
      row("八幡２丁目", code="122033", city="市川市"),
      row("稔台５丁目", code="12207", pref="北海道"),            # code and prefecture disagree
      row("稔台５丁目", code="abc"),
      row("", code="122076"),                                 # empty 町丁目 in the city
      row("稔台５丁目", code="", city="松戸市")])               # no code, the name decides
# 4. dates and hours
write("dates_cp932.csv", [HB,
      row("稔台５丁目", date="2023/9/6", hour="10"),
      row("稔台５丁目", date="2023-09-06", hour="不明"),
      row("稔台５丁目", date="令和5年9月6日", hour="９"),
      row("稔台５丁目", date="不明", hour="0"),
      row("稔台５丁目", date="2023/13/1"),
      row("稔台５丁目", date="2023/9/6", hour="25"),
      row("稔台５丁目", date="R5.12.31", hour="23")])
# 5. header and every row duplicated side by side
dup = [HB + "," + HB] + [r + "," + r for r in (row("稔台５丁目"), row("常盤平三丁目"))]
dup.append(row("稔台５丁目") + "," + row("稔台６丁目"))      # the copies disagree
write("duplicated_cp932.csv", dup)
# 6. blank trailing lines
write("blank_tail_cp932.csv", [HB, row("稔台５丁目"), row("常盤平三丁目")], tail="\r\n\r\n  \r\n")
# 7. quoted fields with commas, one spanning two lines
write("quoted_cp932.csv", [HB,
      row("稔台５丁目", place='"その他（駐車場,空地）"'),
      row("稔台５丁目", place='"道路上\r\n（歩道）"'),
      row("常盤平三丁目", extra='"施錠せず,チェーン錠",サンプル')])
# 8. not the layout
write("not_layout_cp932.csv", ["地域,件数", "稔台,3"])
# 9. bytes that are neither UTF-8 nor CP932
with open(os.path.join(D, "bad_bytes.csv"), "wb") as f:
    f.write(HB.encode("cp932") + b"\r\n" + row("稔台５丁目").encode("cp932") + b"\xff\xfe\r\n")
# 10. count tables
write("counts_cp932.csv", ["地域,罪種,期間,件数,備考",
      "稔台５丁目,住宅対象侵入盗,2022年,3,サンプル",
      "常盤平,住宅対象侵入盗,令和5年,2,サンプル",
      "松戸市,電話de詐欺,令和4年,202,サンプル",
      "松戸市,電話de詐欺,2023/1～2023/12,155,サンプル",
      "サンプル交番01,住宅対象侵入盗,2023年4月,1,サンプル",
      "ほげ町,住宅対象侵入盗,2023年,1,サンプル",
      "稔台５丁目,住宅対象侵入盗,2023年,三,サンプル",
      "稔台５丁目,空き巣,2023年,1,サンプル",
      "稔台５丁目,住宅対象侵入盗,R5年度,4,サンプル"])
write("counts_english.csv", ["area,crime_type,from,to,count",
      "稔台５丁目,住宅対象侵入盗,2022/1,2022/6,2"], enc="utf-8")
