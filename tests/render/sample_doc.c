/* A sample Arabic brief built with the node API: every block kind the layout handles. */
#include <stdio.h>
#include <string.h>

#include "sample_doc.h"

#include "../tree_build.h"


static struct nashra_node *para(struct nashra_node *parent, const char *s)
{
    struct nashra_node *p = add(parent, NASHRA_NODE_PARAGRAPH);
    text(p, s);
    return p;
}

static struct nashra_node *heading(struct nashra_node *parent, int level, const char *id,
                                   const char *s)
{
    struct nashra_node *h = add(parent, NASHRA_NODE_HEADING);
    h->as.heading.level = level;
    h->as.heading.id = id ? g_strdup(id) : NULL;
    text(h, s);
    return h;
}

static struct nashra_node *add_link(struct nashra_node *parent, const char *url, const char *s)
{
    struct nashra_node *l = add(parent, NASHRA_NODE_LINK);
    l->as.link.url = g_strdup(url);
    text(l, s);
    return l;
}

static struct nashra_node *list(struct nashra_node *parent, enum nashra_list_type type, bool tight)
{
    struct nashra_node *l = add(parent, NASHRA_NODE_LIST);
    l->as.list.type = type;
    l->as.list.tight = tight;
    l->as.list.start = 1;
    l->as.list.delim = '.';
    l->as.list.bullet = '-';
    return l;
}

static const char *const P1 =
    "تواجه المنطقة العربية أزمة مائية متفاقمة، إذ يعيش أكثر من نصف سكانها في مناطق تعاني من "
    "شح المياه الشديد. وتشير التقديرات إلى أن نصيب الفرد من المياه العذبة المتجددة قد انخفض "
    "بأكثر من الثلثين خلال العقود الأربعة الماضية، في حين تتزايد الضغوط الناجمة عن النمو "
    "السكاني والتوسع العمراني والتغير المناخي. وتتطلب مواجهة هذه التحديات سياسات متكاملة "
    "تجمع بين ترشيد الاستهلاك وتحسين كفاءة الري وتطوير مصادر غير تقليدية للمياه.";
static const char *const P2 =
    "وقد أظهرت التجارب الإقليمية أن الاستثمار في تحلية المياه وحده لا يكفي، ما لم يقترن "
    "بإصلاح مؤسسي يضمن تسعيرًا عادلًا ويحدّ من الهدر في شبكات التوزيع التي تفقد في بعض المدن "
    "ما يزيد على ثلاثين في المئة من المياه المنقولة. كما أن إشراك المجتمعات المحلية في إدارة "
    "الموارد يعزز الالتزام بالقواعد ويقلل من النزاعات حول الحصص، وهو ما تؤكده دراسات ميدانية "
    "أجريت في الأردن والمغرب وتونس خلال السنوات العشر الأخيرة.";
static const char *const P3 =
    "ويبقى التعاون العابر للحدود شرطًا أساسيًا لأي حل مستدام، فمعظم الأنهار الكبرى في المنطقة "
    "تنبع من خارج حدود الدول التي تعتمد عليها. وتفتقر الاتفاقيات القائمة في الغالب إلى آليات "
    "واضحة لتسوية النزاعات وتقاسم البيانات، مما يجعل التخطيط طويل الأمد رهينة للتقلبات "
    "السياسية. ولذلك توصي هذه الورقة بإنشاء منصة إقليمية لتبادل المعلومات المائية.";
static const char *const EN =
    "Water scarcity in the Middle East and North Africa is not only a matter of supply: it is "
    "shaped by governance, pricing, and the way institutions share data across borders. This "
    "paragraph is in English and should run left to right, justified, inside an Arabic brief.";

static struct nashra_node *footnote_defs[4];

static void fnref(struct nashra_node *parent, int index)
{
    struct nashra_node *n = add(parent, NASHRA_NODE_FOOTNOTE_REF);
    n->as.footnote.label = g_strdup_printf("n%d", index);
    n->as.footnote.index = index;
    if (!footnote_defs[index]) {
        footnote_defs[index] =
            nashra_node_new(NASHRA_NODE_FOOTNOTE_DEF, (struct nashra_pos){500 + index, 1, 0});
        footnote_defs[index]->as.footnote.label = g_strdup(n->as.footnote.label);
        footnote_defs[index]->as.footnote.index = index;
    }
    n->as.footnote.def = footnote_defs[index];
}

static void cite(struct nashra_node *parent, const char *key, const char *loc, const char *key2)
{
    struct nashra_node *c = add(parent, NASHRA_NODE_CITATION);
    struct nashra_node *i = add(c, NASHRA_NODE_CITE_ITEM);
    i->as.cite.key = g_strdup(key);
    i->as.cite.locator = loc ? g_strdup(loc) : NULL;
    if (key2)
        add(c, NASHRA_NODE_CITE_ITEM)->as.cite.key = g_strdup(key2);
}

static struct nashra_node *callout(struct nashra_node *parent, enum nashra_callout type,
                                   const char *title)
{
    struct nashra_node *c = add(parent, NASHRA_NODE_CALLOUT);
    c->as.callout.type = type;
    c->as.callout.title = title ? g_strdup(title) : NULL;
    return c;
}

static void figure(struct nashra_node *parent, const char *url, const char *caption)
{
    struct nashra_node *f = add(parent, NASHRA_NODE_FIGURE);
    struct nashra_node *img = add(f, NASHRA_NODE_IMAGE);
    img->as.link.url = g_strdup(url);
    img->as.link.title = caption ? g_strdup(caption) : NULL;
    text(img, "alt");
}

struct nashra_node *sample_table(struct nashra_node *parent, int n_rows)
{
    static const char *const head[] = {"البلد", "نصيب الفرد (م³)", "التغير", "ملاحظات"};
    static const char *const names[] = {"الأردن", "مصر", "المغرب", "تونس", "العراق", "لبنان"};
    static const char *const notes[] = {
        "شح حاد ومصادر جوفية مستنزفة",
        "اعتماد شبه كامل على نهر النيل مع تزايد الطلب الزراعي والحضري",
        "Desalination plants planned on the Atlantic coast",
        "تحسن طفيف",
        "تراجع تدفق دجلة والفرات",
        "هدر كبير في الشبكات"};
    struct nashra_node *t = add(parent, NASHRA_NODE_TABLE);
    t->as.table.columns = 4;
    t->as.table.aligns = g_new0(enum nashra_align, 4);
    t->as.table.aligns[2] = NASHRA_ALIGN_CENTER;
    for (int r = 0; r <= n_rows; r++) {
        struct nashra_node *row = add(t, NASHRA_NODE_TABLE_ROW);
        row->as.row.header = r == 0;
        for (int c = 0; c < 4; c++) {
            struct nashra_node *cell = add(row, NASHRA_NODE_TABLE_CELL);
            cell->as.cell.column = c;
            cell->as.cell.align = t->as.table.aligns[c];
            char buf[64];
            const char *s = r == 0   ? head[c]
                            : c == 0 ? names[(r - 1) % 6]
                            : c == 3 ? notes[(r - 1) % 6]
                                     : buf;
            if (r > 0 && c == 1)
                snprintf(buf, sizeof buf, "%d", 90 + (r * 37) % 900);
            else if (r > 0 && c == 2)
                snprintf(buf, sizeof buf, "%d%%", -5 - (r * 7) % 60);
            text(cell, s);
        }
    }
    return t;
}

/* The brief extensions: strikethrough, footnote calls, citations, callouts, a table, figures. */
static void sample_extensions(struct nashra_node *r)
{
    struct nashra_node *p = add(r, NASHRA_NODE_PARAGRAPH);
    text(p, "وقد عدّلت الحكومة هدفها من ");
    text(add(p, NASHRA_NODE_STRIKETHROUGH), "خفض الهدر إلى النصف");
    text(p, " إلى خفضه بمقدار الثلث");
    fnref(p, 1);
    text(p, " وفق ما ورد في التقرير الأخير ");
    cite(p, "unesco2023", "p. 12", "fao2021");
    text(p, "، مع التزام بمراجعة سنوية");
    fnref(p, 2);
    text(p, " ونشر البيانات كاملة");
    fnref(p, 3);
    text(p, ".");
    struct nashra_node *c = callout(r, NASHRA_CALLOUT_NOTE, NULL);
    para(c, "تستند الأرقام الواردة في هذا القسم إلى تقديرات عام ٢٠٢٢، وقد تختلف عن الأرقام "
            "الرسمية المنشورة لاحقًا.");
    struct nashra_node *l = list(c, NASHRA_LIST_BULLET, true);
    para(add(l, NASHRA_NODE_ITEM), "المياه الجوفية غير المتجددة غير محسوبة.");
    para(add(l, NASHRA_NODE_ITEM), "المياه المحلاة محسوبة ضمن المتاح.");
    c = callout(r, NASHRA_CALLOUT_WARNING, "تنبيه بشأن المقارنات");
    para(c, "لا تصلح المقارنة المباشرة بين الدول دون مراعاة اختلاف طرق القياس.");
    heading(r, 3, "table", "نصيب الفرد من المياه");
    sample_table(r, 34);
    para(r, P2);
    figure(r, "chart.png", "السحب السنوي للمياه حسب القطاع");
    figure(r, "basin.svg", "حوض نهري مبسط: المدن الرئيسية ومجرى النهر");
    figure(r, "dunes.jpg", "Coastal dunes near a planned desalination plant");
    callout(r, NASHRA_CALLOUT_SUMMARY, NULL);
    para(r->last_child, "المنطقة تحتاج إلى إصلاح مؤسسي وتعاون إقليمي أكثر من حاجتها إلى "
                        "مشروعات بنية تحتية جديدة.");
}

/* The footnote definitions, at the end of the root in index order, as the parser puts them. */
static void sample_notes(struct nashra_node *r)
{
    para(footnote_defs[1], "هدف معدّل أُعلن في الخطة الوطنية للمياه.");
    para(footnote_defs[2], "This note is in English: it runs left to right inside the Arabic "
                           "brief, and its second paragraph follows.");
    para(footnote_defs[2], "A second paragraph of the same note, kept with the first.");
    struct nashra_node *p = para(footnote_defs[3], "تنشر البيانات على ");
    add_link(p, "https://data.example.org", "بوابة البيانات المفتوحة");
    text(p, ".");
    for (int i = 1; i <= 3; i++) {
        nashra_node_append_child(r, footnote_defs[i]);
        footnote_defs[i] = NULL;
    }
}

struct nashra_doc *sample_doc_new(int *n_headings)
{
    struct nashra_doc *doc = nashra_doc_new();
    struct nashra_meta *m = &doc->meta;
    m->title = g_strdup("الأمن المائي في العالم العربي: خيارات السياسات");
    m->subtitle = g_strdup("ورقة سياسات موجزة");
    g_ptr_array_add(m->authors, g_strdup("ليلى حداد"));
    g_ptr_array_add(m->authors, g_strdup("عمر الشريف"));
    m->date = g_strdup("٢٥ نوفمبر ٢٠٢٦");
    m->source = g_strdup("Arab Policy Review");
    m->source_url = g_strdup("https://example.org/review?id=42&lang=ar");
    m->lang = g_strdup("ar");
    g_ptr_array_add(m->keywords, g_strdup("مياه"));
    g_ptr_array_add(m->keywords, g_strdup("سياسات"));

    struct nashra_node *r = doc->root;
    heading(r, 1, "intro", "مقدمة");
    para(r, P1);
    struct nashra_node *p = add(r, NASHRA_NODE_PARAGRAPH);
    text(p, "وللاطلاع على التفاصيل انظر ");
    add_link(p, "#recs", "قسم التوصيات");
    text(p, " أو تقرير ");
    add_link(p, "https://www.fao.org/aquastat/en/", "منظمة الأغذية والزراعة");
    text(p, " ");
    struct nashra_node *e = add(p, NASHRA_NODE_EMPH);
    text(e, "بنصه الكامل");
    text(p, "، والنسخة الرقمية على ");
    add_link(p, "https://www.fao.org/aquastat", "https://www.fao.org/aquastat");
    text(p, ". ويستخدم النموذج الأمر ");
    struct nashra_node *c = add(p, NASHRA_NODE_CODE);
    nashra_node_set_literal(c, "water --region=mena", 19);
    text(p, " لحساب المؤشرات، وهي ");
    struct nashra_node *s = add(p, NASHRA_NODE_STRONG);
    text(s, "نتائج أولية");
    text(p, " قابلة للمراجعة.");
    heading(r, 2, NULL, "أبعاد الأزمة");
    para(r, P2);
    para(r, EN);
    para(r, P3);
    heading(r, 2, "causes", "الأسباب الرئيسية");
    struct nashra_node *l = list(r, NASHRA_LIST_BULLET, true);
    para(add(l, NASHRA_NODE_ITEM), "النمو السكاني السريع في المدن الكبرى.");
    struct nashra_node *it = add(l, NASHRA_NODE_ITEM);
    para(it, "ضعف كفاءة الري الزراعي الذي يستهلك نحو ثمانين في المئة من المياه المتاحة في "
             "معظم دول المنطقة، مع اعتماد واسع على الري بالغمر.");
    struct nashra_node *nl = list(it, NASHRA_LIST_BULLET, true);
    para(add(nl, NASHRA_NODE_ITEM), "الري بالغمر في الأراضي المنخفضة.");
    para(add(nl, NASHRA_NODE_ITEM), "غياب العدادات في المزارع الصغيرة.");
    para(add(l, NASHRA_NODE_ITEM), "التغير المناخي وتراجع معدلات الأمطار.");
    heading(r, 3, NULL, "مؤشرات مختارة");
    struct nashra_node *q = add(r, NASHRA_NODE_BLOCK_QUOTE);
    para(q, "إن الماء ليس سلعة تجارية كغيرها من السلع، بل هو تراث يجب حمايته والدفاع عنه "
            "ومعاملته على هذا الأساس، وهذه القاعدة ينبغي أن تحكم كل سياسة مائية في المنطقة.");
    text(add(q, NASHRA_NODE_ATTRIBUTION), "من ديباجة التوجيه الإطاري الأوروبي للمياه");
    sample_extensions(r);
    struct nashra_node *cb = add(r, NASHRA_NODE_CODE_BLOCK);
    const char *code = "# water stress index by country\n"
                       "for c in countries:\n"
                       "    ratio = withdrawal[c] / renewable[c]\n"
                       "    print(f\"{c}: {ratio:.2f}\")  # > 0.4 means high stress, a very long "
                       "comment that must wrap\n";
    nashra_node_set_literal(cb, code, strlen(code));
    cb->as.code.fenced = true;
    cb->as.code.info = g_strdup("python");
    add(r, NASHRA_NODE_THEMATIC_BREAK);
    heading(r, 1, "recs", "التوصيات");
    struct nashra_node *ol = list(r, NASHRA_LIST_ORDERED, false);
    para(add(ol, NASHRA_NODE_ITEM), "إنشاء منصة إقليمية لتبادل البيانات المائية بصورة منتظمة "
                                    "وشفافة بين الدول المتشاطئة.");
    para(add(ol, NASHRA_NODE_ITEM), "إصلاح تسعير المياه تدريجيًا مع حماية الأسر الأشد فقرًا.");
    para(add(ol, NASHRA_NODE_ITEM), "الاستثمار في إعادة استخدام المياه المعالجة في الزراعة.");
    for (int i = 0; i < 4; i++) {
        para(r, P1);
        para(r, P2);
        para(r, P3);
    }
    heading(r, 2, NULL, "خاتمة");
    para(r, P3);
    struct nashra_node *html = add(r, NASHRA_NODE_HTML_BLOCK);
    nashra_node_set_literal(html, "<div>x</div>\n", 13);
    sample_notes(r);
    if (n_headings)
        *n_headings = 7;
    return doc;
}
