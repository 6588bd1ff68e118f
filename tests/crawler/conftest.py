"""Two real HTTP servers on loopback (127.0.0.2: a provincial newspaper, 127.0.0.3: a
government portal) with the traps and faults the crawler must survive, and a request
log kept by the servers themselves to assert on."""

from __future__ import annotations

import hashlib
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

PROVINCES = [
    "Quảng Ninh", "Hải Phòng", "Bắc Giang", "Hưng Yên", "Thừa Thiên Huế", "Đà Nẵng",
    "Cần Thơ", "Đồng Tháp", "Bình Dương", "Lào Cai", "Nghệ An", "Hòa Bình", "Thanh Hóa",
    "Khánh Hòa", "Sóc Trăng", "Bạc Liêu", "Cà Mau", "Gia Lai", "Kon Tum", "Lâm Đồng",
    "Quảng Trị", "Tuyên Quang", "Yên Bái", "Hà Giang", "Điện Biên", "Sơn La", "Lai Châu",
    "Phú Thọ", "Vĩnh Phúc", "Hà Nam", "Ninh Bình", "Nam Định", "Thái Bình", "Hải Dương",
]
DATE_FORMS = [
    ("05/08/2021 10:15", "2021-08-05"),
    ("Thứ Sáu, 7 Tháng Tư, 2023", "2023-04-07"),
    ("Cập nhật: 13:37 | 01/07/2020", "2020-07-01"),
    ("Thứ hai, 14/11/2022 - 09:30", "2022-11-14"),
]


@dataclass
class Art:
    """One article the test site serves, and what the crawler should make of it."""

    n: int
    host: str  # "a" | "b"
    path: str
    province: str
    date_text: str | None
    published: str | None
    encoding: str = "utf-8"  # utf-8 | windows-1258 | nfd
    table: bool = False
    year_in_text: bool = False

    @property
    def title(self) -> str:
        return f"{self.province} cải thiện Chỉ số cải cách hành chính năm 2023"

    @property
    def sapo(self) -> str:
        return (
            f"Chỉ số cải cách hành chính (PAR INDEX) năm 2023 của tỉnh {self.province} đạt "
            f"{80 + self.n % 10},{10 + self.n:02d}%, xếp thứ {self.n}/63 tỉnh, thành phố."
        )

    def paragraphs(self) -> list[str]:
        p = self.province
        out = []
        if self.year_in_text:
            out.append(f"Từ năm 2019, tỉnh {p} đã tập trung cải thiện môi trường đầu tư và chất lượng phục vụ người dân, doanh nghiệp.")
        out += [
            f"Theo kết quả do Bộ Nội vụ công bố, tỉnh {p} có nhiều chuyển biến tích cực trong công tác cải cách hành chính, "
            f"nhất là cải cách thủ tục hành chính, chuyển đổi số và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức.",
            f"Lãnh đạo UBND tỉnh {p} cho biết thời gian tới sẽ tiếp tục rà soát, đơn giản hóa thủ tục, đẩy mạnh dịch vụ công "
            f"trực tuyến toàn trình và tăng cường kỷ luật, kỷ cương hành chính tại các sở, ngành, địa phương.",
            f"Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) của tỉnh {p} cũng tăng so với năm trước, phản ánh sự đánh giá "
            f"tích cực của người dân và tổ chức đối với chất lượng giải quyết thủ tục hành chính.",
            f"Tỉnh {p} phấn đấu trong năm tới giữ vững vị trí trong nhóm các tỉnh, thành phố dẫn đầu cả nước về "
            f"Chỉ số cải cách hành chính, mã bài {self.n}.",
        ]
        return out

    @property
    def url_path(self) -> str:
        return self.path


@dataclass
class Hit:
    host: str
    path: str  # with query
    start: float
    end: float = 0.0
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)


def _to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes as old Vietnamese sites wrote them: base letter (with its hat,
    breve or horn) followed by a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base, tones = decomposed[0], ""
        for mark in decomposed[1:]:
            if mark in "\u0300\u0301\u0303\u0309\u0323":
                tones += mark
            else:
                base += mark
        out += unicodedata.normalize("NFC", base).encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


class Site:
    """Both hosts' content and behaviour; handlers call :meth:`respond`."""

    def __init__(self, *, delay_a: float, delay_b: float, faults: bool = True, n_listing: int = 6) -> None:
        self.delay_a, self.delay_b = delay_a, delay_b
        self.faults = faults
        self.log: list[Hit] = []
        self.lock = threading.Lock()
        self.counts: dict[str, int] = {}
        self.base: dict[str, str] = {}
        self.articles: list[Art] = []
        self.extra_rss: list[Art] = []
        self.n_listing = n_listing
        self._build()

    # -- content ----------------------------------------------------------
    def _build(self) -> None:
        arts = []
        n = 0

        def add(host: str, path: str | None = None, **kw: object) -> Art:
            nonlocal n
            n += 1
            date_text, published = DATE_FORMS[n % len(DATE_FORMS)]
            kw.setdefault("date_text", date_text)
            kw.setdefault("published", published)
            art = Art(n, host, path or f"/bai/bai-viet-so-{n}-{1000 + n}.html", PROVINCES[n % len(PROVINCES)], **kw)
            arts.append(art)
            return art

        self.a_sitemap = [add("a"), add("a")]
        self.a_rss = [add("a"), add("a")]
        self.a_home = [add("a"), add("a")]
        self.a_listing = [add("a") for _ in range(self.n_listing)]
        if self.faults:
            self.a_listing[-2].encoding = "windows-1258"
            self.a_listing[-1].encoding = "nfd"
            self.a_redirected = add("a")
            self.a_flaky = add("a", "/loi.html")
            self.a_busy = add("a", "/ban.html")
            self.a_nodate = add("a", date_text=None, published=None, year_in_text=True)
        self.b_articles = [add("b", f"/Pages/chi-tiet.aspx?ItemID={i}", table=True) for i in range(1, 4)]
        self.articles = arts

    def new_article(self) -> Art:
        """Publish one more article (found only through the feed and the home page)."""
        n = len(self.articles) + 1
        art = Art(n, "a", f"/bai/bai-moi-{n}-{1000 + n}.html", PROVINCES[n % len(PROVINCES)], *DATE_FORMS[0])
        self.articles.append(art)
        self.extra_rss.append(art)
        return art

    def url(self, art: Art) -> str:
        return self.base[art.host] + art.path

    def _teasers(self, arts: list[Art]) -> str:
        return "".join(
            f'<li class="story"><h3><a href="{a.path}">{a.title}</a></h3><p class="teaser">{a.sapo}</p></li>'
            for a in arts
        )

    def _page(self, title: str, main: str, *, charset: str = "utf-8", og: str = "website", head: str = "") -> str:
        return (
            f'<!DOCTYPE html><html lang="vi"><head><meta charset="{charset}"><title>{title} - Báo Tỉnh A</title>'
            f'<meta property="og:type" content="{og}"><meta property="og:title" content="{title}">{head}</head><body>'
            '<header><div class="logo"><a href="/">Báo Tỉnh A</a></div><nav class="main-menu"><ul>'
            '<li><a href="/">Trang chủ</a></li><li><a href="/chinh-tri/">Chính trị</a></li>'
            '<li><a href="/kinh-te/">Kinh tế</a></li><li><a href="/xa-hoi/">Xã hội</a></li></ul></nav></header>'
            f'<div class="container">{main}</div>'
            '<footer class="footer"><p>Báo Tỉnh A - Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh A, '
            'tiếng nói của Đảng bộ, chính quyền và nhân dân các dân tộc trong tỉnh.</p>'
            '<p>Giấy phép số 123/GP-BTTTT. Tổng Biên tập: Nguyễn Văn A.</p></footer></body></html>'
        )

    def article_html(self, art: Art) -> str:
        others = [a for a in self.articles if a is not art and a.host == art.host][:3]
        date = f'<div class="meta"><span class="date">{art.date_text}</span></div>' if art.date_text else ""
        table = ""
        if art.table:
            table = (
                '<table class="ranking"><tr><th>STT</th><th>Đơn vị</th><th>Điểm</th></tr>'
                "<tr><td>1</td><td>Sở Tư pháp</td><td>92,15</td></tr>"
                "<tr><td>2</td><td>Sở Nội vụ</td><td>91,40</td></tr>"
                "<tr><td>3</td><td>Văn phòng UBND tỉnh</td><td>90,02</td></tr></table>"
            )
        paras = "".join(f"<p>{p}</p>" for p in art.paragraphs())
        main = (
            '<div class="main-col"><article>'
            f'<h1 class="title">{art.title}</h1>{date}'
            '<div class="share-bar">Chia sẻ <a href="https://www.facebook.com/sharer">Facebook</a> '
            '<a href="https://zalo.me/share">Zalo</a></div>'
            f'<p class="sapo">{art.sapo}</p><div class="content">{paras}{table}</div></article>'
            '<div class="box-tin-khac"><h3>Tin khác</h3><ul>' + self._teasers(others) + "</ul></div></div>"
            '<aside class="sidebar"><h3>Đọc nhiều</h3><ul>'
            + "".join(f'<li><a href="{a.path}?utm_source=sidebar">{a.title}</a></li>' for a in others)
            + "</ul></aside>"
        )
        if art.host == "b":  # a portal: no og:type, a plain layout
            return (
                f"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
                f"<title>{art.title}</title></head><body><div id=\"menu\"><a href=\"/\">Trang chủ</a>"
                f"<a href=\"/tin-tuc/\">Tin tức</a><a href=\"/admin/login.aspx\">Quản trị</a></div>"
                f"<div id=\"ctl00_content\"><h1>{art.title}</h1><div class=\"date\">{art.date_text}</div>"
                f"<p><b>{art.sapo}</b></p>{paras}{table}</div>"
                f"<div class=\"tinlienquan\"><b>Tin liên quan</b>{self._teasers(others)}</div>"
                f"<div id=\"footer\">Cổng thông tin điện tử tỉnh B</div></body></html>"
            )
        charset = "windows-1258" if art.encoding == "windows-1258" else "utf-8"
        return self._page(art.title, main, charset=charset, og="article")

    # -- routing ----------------------------------------------------------
    def respond(self, host: str, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes | Callable[[], Iterator[bytes]]]:
        key = f"{host}{path}"
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            count = self.counts[key]
        parts = urlsplit(path)
        route = parts.path
        query = parse_qs(parts.query)
        a_base = self.base["a"]
        if route == "/robots.txt":
            if host == "a":
                text = (
                    "User-agent: *\nDisallow: /private/\nDisallow: /tim-kiem\n"
                    f"Crawl-delay: {self.delay_a}\nSitemap: {a_base}/sitemap.xml\n"
                )
            else:
                text = f"User-agent: *\nDisallow: /admin/\nCrawl-delay: {self.delay_b}\n"
            return 200, {"Content-Type": "text/plain"}, text.encode()
        arts = {a.path: a for a in self.articles if a.host == host}
        if host == "a":
            if route == "/sitemap.xml":
                body = (
                    '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"<sitemap><loc>{a_base}/sitemap-bai.xml</loc></sitemap></sitemapindex>"
                )
                return 200, {"Content-Type": "application/xml"}, body.encode()
            if route == "/sitemap-bai.xml":
                locs = "".join(
                    f"<url><loc>{self.url(a)}</loc><lastmod>2023-04-07</lastmod></url>" for a in self.a_sitemap
                )
                body = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
                return 200, {"Content-Type": "application/xml"}, body.encode()
            if route == "/rss/tin-moi.rss":
                items = "".join(
                    f"<item><title>{a.title}</title><link>{self.url(a)}?utm_source=rss&amp;utm_medium=feed</link>"
                    f"<pubDate>Fri, 07 Apr 2023 08:00:00 +0700</pubDate></item>"
                    for a in self.a_rss + self.extra_rss
                )
                body = f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin mới</title>{items}</channel></rss>'
                return 200, {"Content-Type": "application/rss+xml"}, body.encode()
            if route == "/":
                return self._html(self._home())
            if route == "/chinh-tri/":
                page = int(query.get("trang", ["1"])[0])
                per = 2
                chunk = self.a_listing[(page - 1) * per : page * per]
                if not chunk:
                    return 404, {"Content-Type": "text/html"}, b"<html><body>Not found</body></html>"
                nxt = f'<div class="pagination"><a href="/chinh-tri/?trang={page + 1}">Trang sau »</a></div>' if page * per < len(self.a_listing) else ""
                main = f'<div class="list"><h2>Chính trị</h2><ul>{self._teasers(chunk)}</ul>{nxt}</div>'
                return self._html(self._page("Chính trị", main))
            if route == "/lich":
                day = query.get("ngay", ["2020-01-01"])[0]
                import datetime as dt

                d = dt.date.fromisoformat(day)
                prev, nxt = d - dt.timedelta(days=1), d + dt.timedelta(days=1)
                main = (
                    f'<div class="calendar"><h2>Lịch sự kiện ngày {d:%d/%m/%Y}</h2>'
                    f'<a href="/lich?ngay={prev}">« Ngày trước</a> <a href="/lich?ngay={nxt}">Ngày sau »</a>'
                    f'<a href="/lich?ngay={nxt}&amp;xem=tuan">Tuần</a></div>'
                )
                return self._html(self._page("Lịch", main))
            if self.faults:
                if route == "/tin-cu.html":
                    return 301, {"Location": self.url(self.a_redirected)}, b""
                if route == "/cham.html":
                    time.sleep(1.5)
                    return self._html("<html><body><p>Chậm</p></body></html>")
                if route == "/lon.html":
                    def stream() -> Iterator[bytes]:
                        for _ in range(30):
                            yield b"<p>" + b"x" * 10_000 + b"</p>"
                    return 200, {"Content-Type": "text/html"}, stream
                if route == "/loi.html" and count == 1:
                    return 500, {"Content-Type": "text/html"}, b"<html><body>Internal error</body></html>"
                if route == "/ban.html" and count == 1:
                    return 429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"slow down"
        else:
            if route == "/":
                main = (
                    '<div id="news"><h2>Tin tức - Sự kiện</h2><ul>'
                    + self._teasers(self.b_articles)
                    + "</ul>"
                    + f'<a href="{self.url(self.a_home[0])}?utm_campaign=lienket">Báo Tỉnh A đưa tin</a>'
                    + '<a href="/admin/login.aspx">Đăng nhập</a></div>'
                )
                return self._html(self._page("Cổng thông tin điện tử tỉnh B", main))
        if path in arts or route in arts:
            art = arts.get(path) or arts[route]
            html = self.article_html(art)
            if art.encoding == "windows-1258":
                return self._html(html, _to_cp1258(html), charset="windows-1258")
            if art.encoding == "nfd":
                return self._html(unicodedata.normalize("NFD", html))
            return self._html(html)
        return 404, {"Content-Type": "text/html"}, b"<html><body>404</body></html>"

    def _home(self) -> str:
        links = "".join(
            f'<li><a href="{p}">{t}</a></li>'
            for p, t in [
                (self.a_home[0].path + "?utm_source=facebook&utm_medium=social", self.a_home[0].title),
                (self.a_home[0].path + "#binh-luan", "Bình luận về bài viết này nhé bạn đọc"),
                (self.a_home[1].path + "?fbclid=IwAR0abc", self.a_home[1].title),
                ("/chinh-tri/", "Chính trị"),
                ("/private/bi-mat.html", "Tài liệu nội bộ không công khai ra ngoài"),
                ("/tim-kiem?q=chi+so+par+index", "Tìm kiếm chỉ số PAR INDEX"),
                ("/lich?ngay=2020-01-01", "Lịch sự kiện"),
                ("/files/bao-cao-par-index-2023.pdf", "Báo cáo PAR INDEX 2023 (PDF)"),
            ]
        )
        if self.faults:
            links += "".join(
                f'<li><a href="{p}">{t}</a></li>'
                for p, t in [
                    ("/tin-cu.html", "Đường dẫn cũ của bài viết về cải cách hành chính"),
                    ("/cham.html", "Trang tải rất chậm"),
                    ("/lon.html", "Trang rất lớn"),
                    ("/loi.html", "Trang lỗi lần đầu"),
                    ("/ban.html", "Trang bận lần đầu"),
                    (self.a_nodate.path, self.a_nodate.title),
                ]
            )
        links += "".join(f'<li><a href="{a.path}">{a.title}</a></li>' for a in self.extra_rss)
        head = '<link rel="alternate" type="application/rss+xml" href="/rss/tin-moi.rss">'
        return self._page("Trang chủ", f'<div class="home"><ul>{links}</ul></div>', head=head)

    def _html(self, text: str, data: bytes | None = None, charset: str = "utf-8") -> tuple[int, dict[str, str], bytes]:
        body = data if data is not None else text.encode("utf-8")
        return 200, {"Content-Type": f"text/html; charset={charset}"}, body

    # -- log queries --------------------------------------------------------
    def hits(self, host: str | None = None, prefix: str = "") -> list[Hit]:
        with self.lock:
            return [h for h in self.log if (host is None or h.host == host) and h.path.startswith(prefix)]


def _handler(site: Site, host: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802
            hit = Hit(host, self.path, time.monotonic(), headers={k.lower(): v for k, v in self.headers.items()})
            with site.lock:
                site.log.append(hit)
            status, headers, body = site.respond(host, self.path, hit.headers)
            if status == 200 and isinstance(body, bytes):
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                headers = {**headers, "ETag": etag, "Last-Modified": "Fri, 07 Apr 2023 08:00:00 GMT"}
                if hit.headers.get("if-none-match") == etag:
                    status, body = 304, b""
            hit.status = status
            try:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if callable(body):
                    self.send_header("Connection", "close")
                    self.end_headers()
                    for chunk in body():
                        self.wfile.write(chunk)
                    self.close_connection = True
                else:
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                hit.end = time.monotonic()

    return Handler


@pytest.fixture(scope="module")
def make_site() -> Iterator[Callable[..., Site]]:
    servers: list[ThreadingHTTPServer] = []

    def make(**kw: object) -> Site:
        site = Site(**kw)  # type: ignore[arg-type]
        for host, ip in (("a", "127.0.0.2"), ("b", "127.0.0.3")):
            server = ThreadingHTTPServer((ip, 0), _handler(site, host))
            server.daemon_threads = True
            servers.append(server)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            site.base[host] = f"http://{ip}:{server.server_address[1]}"
        return site

    yield make
    for s in servers:
        s.shutdown()
        s.server_close()
