#include "render/surface.h"
#include "core/alloc.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include "core/outfile.h"
#include "core/strbuf.h"
#include "render/pngwrite.h"

#define MM_PER_INCH 25.4
#define PT_PER_MM (72.0 / 25.4)
/* Vector output is simplified as if printed at this resolution. */
#define VECTOR_DPI 300.0

struct bh_surface {
    bh_ctx *ctx;
    bh_surface_format fmt;
    char *path;      /* NULL = in memory */
    bh_outfile *out; /* vector output: the temporary file renamed at finish */
    FILE *file;      /* its stream (borrowed) */
    bh_strbuf mem;
    double w_mm, h_mm, dpi;
    int w_px, h_px;
    int pages;
    int finished;
    int write_failed;
    int write_errno; /* errno of the first failed write to the file */
    cairo_surface_t *surface;
    cairo_t *cr;
    unsigned char *pixels;  /* PNG pages: the image memory (mmap), owned */
    bh_outfile **png_files; /* PNG pages written and closed, renamed together at finish */
    int n_png_files;
    int white; /* the image is already white (first page) */
    size_t pixels_size;
};

typedef struct {
    bh_surface *s;
    FILE *f;
    const char *path;
} png_out;

struct white_half {
    void *p;
    size_t n;
};

bh_status bh_surface_parse_format(bh_ctx *ctx, const char *text, bh_surface_format *fmt)
{
    static const struct {
        const char *name;
        bh_surface_format fmt;
    } names[] = {{"pdf", BH_SURFACE_PDF}, {"png", BH_SURFACE_PNG}, {"svg", BH_SURFACE_SVG}};
    const char *ext = text ? strrchr(text, '.') : NULL;
    ext = ext ? ext + 1 : text;
    for (size_t i = 0; ext && i < sizeof names / sizeof *names; i++) {
        if (strcasecmp(ext, names[i].name) == 0) {
            *fmt = names[i].fmt;
            return BH_OK;
        }
    }
    return bh_error(ctx, BH_E_ARG, "%s: unknown output format (expected a .pdf, .png or .svg name)",
                    text ? text : "(null)");
}

static cairo_status_t surface_write(void *closure, const unsigned char *data, unsigned int len)
{
    bh_surface *s = closure;
    if (s->file) {
        if (fwrite(data, 1, len, s->file) != len) {
            if (!s->write_failed)
                s->write_errno = errno;
            s->write_failed = 1;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        return CAIRO_STATUS_SUCCESS;
    }
    bh_strbuf_appendn(&s->mem, (const char *)data, len);
    if (s->mem.failed) {
        s->write_failed = 1;
        return CAIRO_STATUS_NO_MEMORY;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* Sets the page transform (mm user space) and, for PNG, a white background. */
static void surface_begin_page(bh_surface *s)
{
    cairo_identity_matrix(s->cr);
    if (s->fmt == BH_SURFACE_PNG) {
        if (!s->white) {
            cairo_set_source_rgb(s->cr, 1, 1, 1);
            cairo_paint(s->cr);
        }
        s->white = 0;
        cairo_scale(s->cr, s->w_px / s->w_mm, s->h_px / s->h_mm);
    } else {
        if (s->fmt == BH_SURFACE_PDF) {
            /* A white page as the first operation: cairo's PDF analysis then keeps one rectangle
             * as the region of native drawing, instead of merging the box of every later
             * operation into a region of thousands of boxes (quadratic in the labels). */
            cairo_set_source_rgb(s->cr, 1, 1, 1);
            cairo_paint(s->cr);
        }
        cairo_scale(s->cr, PT_PER_MM, PT_PER_MM);
    }
    cairo_set_source_rgb(s->cr, 0, 0, 0);
    cairo_set_line_join(s->cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(s->cr, CAIRO_LINE_CAP_ROUND);
}

static void *fill_white(void *arg)
{
    const struct white_half *h = arg;
    memset(h->p, 0xff, h->n);
    return NULL;
}

/* The PNG page image, white. An A3 300 dpi page is 70 MB: the memory is mapped and filled with
 * white (0xffffffff, what painting white gives) in two halves on two threads, which also shares
 * out the kernel's page faults; the first page then needs no white paint (s->white). */
static cairo_surface_t *image_surface_create(bh_surface *s)
{
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, s->w_px);
    size_t size = (size_t)stride * (size_t)s->h_px;
    void *mem = stride > 0
                    ? mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
                    : MAP_FAILED;
    if (mem == MAP_FAILED)
        return cairo_image_surface_create(CAIRO_FORMAT_RGB24, s->w_px, s->h_px);
    s->pixels = mem;
    s->pixels_size = size;
    struct white_half top = {mem, size / 2},
                      bottom = {(unsigned char *)mem + size / 2, size - size / 2};
    pthread_t th;
    int threaded = pthread_create(&th, NULL, fill_white, &bottom) == 0;
    fill_white(&top);
    if (threaded)
        pthread_join(th, NULL);
    else
        fill_white(&bottom);
    s->white = 1;
    return cairo_image_surface_create_for_data(mem, CAIRO_FORMAT_RGB24, s->w_px, s->h_px, stride);
}

bh_status bh_surface_create(bh_ctx *ctx, const char *path_or_format, double paper_w_mm,
                            double paper_h_mm, double dpi, bh_surface **out)
{
    *out = NULL;
    bh_surface_format fmt = BH_SURFACE_PNG;
    bh_status st = bh_surface_parse_format(ctx, path_or_format, &fmt);
    if (st != BH_OK)
        return st;
    if (!(paper_w_mm > 0 && paper_h_mm > 0 && paper_w_mm < 5000 && paper_h_mm < 5000))
        return bh_error(ctx, BH_E_ARG, "paper size %gx%g mm: expected 0 < size < 5000 mm",
                        paper_w_mm, paper_h_mm);
    if (dpi <= 0)
        dpi = 300;
    if (dpi > 2400)
        return bh_error(ctx, BH_E_ARG, "--dpi %g: expected at most 2400", dpi);
    bh_surface *s = bh_calloc(1, sizeof *s);
    if (s == NULL)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    s->ctx = ctx;
    s->fmt = fmt;
    s->w_mm = paper_w_mm;
    s->h_mm = paper_h_mm;
    s->dpi = dpi;
    bh_strbuf_init(&s->mem);
    int is_file = strchr(path_or_format, '.') != NULL;
    if (is_file && (s->path = bh_strdup(path_or_format)) == NULL) {
        bh_surface_destroy(s);
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    }
    if (is_file && fmt != BH_SURFACE_PNG) {
        st = bh_outfile_open(ctx, path_or_format, &s->out);
        if (st != BH_OK) {
            bh_surface_destroy(s);
            return st;
        }
        s->file = bh_outfile_stream(s->out);
    }
    switch (fmt) {
    case BH_SURFACE_PDF:
        s->surface = cairo_pdf_surface_create_for_stream(surface_write, s, paper_w_mm * PT_PER_MM,
                                                         paper_h_mm * PT_PER_MM);
        cairo_pdf_surface_set_metadata(s->surface, CAIRO_PDF_METADATA_CREATOR, "bohan");
        break;
    case BH_SURFACE_SVG:
        s->surface = cairo_svg_surface_create_for_stream(surface_write, s, paper_w_mm * PT_PER_MM,
                                                         paper_h_mm * PT_PER_MM);
        break;
    case BH_SURFACE_PNG:
        s->w_px = (int)lround(paper_w_mm / MM_PER_INCH * dpi);
        s->h_px = (int)lround(paper_h_mm / MM_PER_INCH * dpi);
        if (s->w_px < 1 || s->h_px < 1 || (double)s->w_px * s->h_px > 400e6) {
            st = bh_error(ctx, BH_E_ARG, "PNG of %dx%d pixels: too large or empty", s->w_px,
                          s->h_px);
            bh_surface_destroy(s);
            return st;
        }
        s->surface = image_surface_create(s);
        break;
    }
    if (cairo_surface_status(s->surface) != CAIRO_STATUS_SUCCESS) {
        st = bh_error(ctx, BH_E_INTERNAL, "%s: cannot create surface: %s", path_or_format,
                      cairo_status_to_string(cairo_surface_status(s->surface)));
        bh_surface_destroy(s);
        return st;
    }
    s->cr = cairo_create(s->surface);
    s->pages = 1;
    surface_begin_page(s);
    *out = s;
    return BH_OK;
}

/* bh_png_sink into the in-memory buffer or the open file. */
static int png_sink(void *user, const unsigned char *data, size_t len)
{
    png_out *o = user;
    if (o->f) {
        if (fwrite(data, 1, len, o->f) == len)
            return 0;
        int err = errno ? errno : EIO;
        bh_error(o->s->ctx, BH_E_IO, "%s: cannot write output: %s", o->path,
                 bh_outfile_strerror(err));
        return -1;
    }
    bh_strbuf_appendn(&o->s->mem, (const char *)data, len);
    return o->s->mem.failed ? -1 : 0;
}

/* Name of PNG page n: the path itself for page 1, "<stem>-<n>.png" after. Caller frees. */
static char *png_page_path(const bh_surface *s, int n)
{
    if (n == 1)
        return bh_strdup(s->path);
    const char *dot = strrchr(s->path, '.');
    return bh_asprintf("%.*s-%d%s", (int)(dot - s->path), s->path, n, dot);
}

/* Writes the current image as an RGB PNG (see render/pngwrite.h). */
static bh_status surface_write_png(bh_surface *s)
{
    cairo_surface_flush(s->surface);
    const unsigned char *pix = cairo_image_surface_get_data(s->surface);
    int stride = cairo_image_surface_get_stride(s->surface);
    char *path = NULL;
    png_out o = {s, NULL, NULL};
    bh_outfile *of = NULL;
    if (s->path) {
        path = png_page_path(s, s->pages);
        if (path == NULL)
            return bh_error(s->ctx, BH_E_NOMEM, "out of memory");
        bh_status st = bh_outfile_open(s->ctx, path, &of);
        if (st != BH_OK) {
            bh_free(path);
            return st;
        }
        o.f = bh_outfile_stream(of);
        o.path = path;
    } else {
        bh_strbuf_reset(&s->mem);
    }
    bh_status st = bh_png_write(s->ctx, pix, s->w_px, s->h_px, stride, s->dpi, png_sink, &o,
                                path ? path : "(memory)");
    if (of && st == BH_OK)
        st = bh_outfile_close(of);
    if (of && st == BH_OK) { /* every page appears only when the last one is written too */
        bh_outfile **grown = bh_realloc(s->png_files, (size_t)(s->n_png_files + 1) * sizeof *grown);
        if (grown == NULL) {
            st = bh_error(s->ctx, BH_E_NOMEM, "out of memory");
        } else {
            s->png_files = grown;
            s->png_files[s->n_png_files++] = of;
            of = NULL;
        }
    }
    bh_outfile_destroy(of);
    if (st == BH_OK && s->mem.failed)
        st = bh_error(s->ctx, BH_E_NOMEM, "out of memory writing PNG");
    bh_free(path);
    return st;
}

bh_status bh_surface_next_page(bh_surface *s)
{
    if (s->finished)
        return bh_error(s->ctx, BH_E_INTERNAL, "surface already finished");
    if (s->fmt == BH_SURFACE_SVG)
        return bh_error(s->ctx, BH_E_UNSUPPORTED, "%s: SVG output holds one page only",
                        s->path ? s->path : "svg");
    if (s->fmt == BH_SURFACE_PNG) {
        bh_status st = surface_write_png(s);
        if (st != BH_OK)
            return st;
    } else {
        cairo_show_page(s->cr);
    }
    s->pages++;
    cairo_new_path(s->cr);
    cairo_reset_clip(s->cr);
    surface_begin_page(s);
    return BH_OK;
}

bh_status bh_surface_finish(bh_surface *s)
{
    if (s->finished)
        return BH_OK;
    s->finished = 1;
    bh_status st = BH_OK;
    cairo_status_t cst = cairo_status(s->cr);
    if (cst != CAIRO_STATUS_SUCCESS)
        st = bh_error(s->ctx, BH_E_INTERNAL, "%s: drawing failed: %s",
                      s->path ? s->path : "surface", cairo_status_to_string(cst));
    if (s->fmt == BH_SURFACE_PNG) {
        if (st == BH_OK)
            st = surface_write_png(s);
        for (int i = 0; i < s->n_png_files && st == BH_OK; i++)
            st = bh_outfile_commit(s->png_files[i]);
    } else {
        /* Emit the last page explicitly: cairo drops a blank last page of a multi-page PDF. */
        if (s->fmt == BH_SURFACE_PDF)
            cairo_show_page(s->cr);
        cairo_destroy(s->cr);
        s->cr = NULL;
        cairo_surface_finish(s->surface);
        cst = cairo_surface_status(s->surface);
        if (st == BH_OK && (cst != CAIRO_STATUS_SUCCESS || s->write_failed))
            st = bh_error(
                s->ctx, BH_E_IO, "%s: cannot write output: %s", s->path ? s->path : "surface",
                s->write_errno ? bh_outfile_strerror(s->write_errno) : cairo_status_to_string(cst));
        if (s->out && st == BH_OK)
            st = bh_outfile_commit(s->out); /* the target appears only now, complete */
        bh_outfile_destroy(s->out);
        s->out = NULL;
        s->file = NULL;
    }
    return st;
}

void bh_surface_destroy(bh_surface *s)
{
    if (s == NULL)
        return;
    if (s->cr)
        cairo_destroy(s->cr);
    if (s->surface)
        cairo_surface_destroy(s->surface);
    if (s->pixels)
        munmap(s->pixels, s->pixels_size);
    bh_outfile_destroy(s->out); /* not finished: the target stays as it was */
    for (int i = 0; i < s->n_png_files; i++)
        bh_outfile_destroy(s->png_files[i]); /* uncommitted pages: their targets stay too */
    bh_free(s->png_files);
    bh_strbuf_free(&s->mem);
    bh_free(s->path);
    bh_free(s);
}

cairo_t *bh_surface_cairo(bh_surface *s)
{
    return s->cr;
}

bh_surface_format bh_surface_format_of(const bh_surface *s)
{
    return s->fmt;
}

double bh_surface_width_mm(const bh_surface *s)
{
    return s->w_mm;
}

double bh_surface_height_mm(const bh_surface *s)
{
    return s->h_mm;
}

double bh_surface_dots_per_mm(const bh_surface *s)
{
    return (s->fmt == BH_SURFACE_PNG ? s->dpi : VECTOR_DPI) / MM_PER_INCH;
}

int bh_surface_width_px(const bh_surface *s)
{
    return s->w_px;
}

int bh_surface_height_px(const bh_surface *s)
{
    return s->h_px;
}

int bh_surface_pages(const bh_surface *s)
{
    return s->pages;
}

const unsigned char *bh_surface_data(const bh_surface *s, size_t *len)
{
    if (s->path || !s->finished) {
        *len = 0;
        return NULL;
    }
    *len = s->mem.len;
    return (const unsigned char *)s->mem.data;
}
