/* A sample Arabic brief built with the node API: every block kind the layout handles. */
#include <string.h>

#include "sample_doc.h"

static int sample_line = 1;

static struct nashra_node *add(struct nashra_node *parent, enum nashra_node_kind kind)
{
    struct nashra_node *n = nashra_node_new(kind, (struct nashra_pos){sample_line++, 1, 0});
    nashra_node_append_child(parent, n);
    return n;
}

static struct nashra_node *text(struct nashra_node *parent, const char *s)
{
    struct nashra_node *n = add(parent, NASHRA_NODE_TEXT);
    nashra_node_set_literal(n, s, strlen(s));
    return n;
}

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
    para(q, "— من ديباجة التوجيه الإطاري الأوروبي للمياه");
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
    if (n_headings)
        *n_headings = 6;
    return doc;
}
