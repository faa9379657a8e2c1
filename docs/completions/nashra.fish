# fish completion for nashra: its commands, options, their values and input files.
# Installed as /usr/share/fish/vendor_completions.d/nashra.fish. Every long option of
# `nashra --help` is listed here (tests/e2e/test_docs.py checks it).

function __nashra_templates
    set -l cmd (commandline -opc)[1]
    set -l listed ($cmd --list-templates 2>/dev/null)
    or set listed brief report memo
    printf '%s\n' $listed
end

complete -c nashra -n __fish_use_subcommand -a cite -d "Print the brief's recommended citation"
complete -c nashra -n __fish_use_subcommand -a fonts -d 'List the font families nashra can use'
complete -c nashra -n __fish_use_subcommand -a watch -d 'Re-render INPUT whenever it or a file it was made from changes'
complete -c nashra -n __fish_use_subcommand -a query -d 'Print the resolved metadata, headings, figures, notes and citations as JSON'

complete -c nashra -s o -l output -r -F -d "Write to FILE ('-' for standard output)"
complete -c nashra -s O -l output-dir -x -a '(__fish_complete_directories)' -d "Write each input's output into DIR"
complete -c nashra -s t -l to -x -a 'pdf png html tree' -d 'Output format'
complete -c nashra -l syntax -x -a 'nashra commonmark' -d 'Input syntax'
complete -c nashra -s f -l from -x -a 'markdown text' -d 'Input format'
complete -c nashra -s M -l metadata -x -d 'Set or override a front matter key (KEY=VALUE)'
complete -c nashra -l template -r -F -a '(__nashra_templates)' -d 'Template name or file'
complete -c nashra -l font-path -x -a '(__fish_complete_directories)' -d 'Also use the fonts in DIR'
complete -c nashra -l root -x -a '(__fish_complete_directories)' -d 'Project root'
complete -c nashra -l format -x -a 'text bibtex ris csl-json' -d 'nashra cite: citation format'
complete -c nashra -l pdf-standard -x -a 'a-2b a-2u a-3u ua-1 a-2b,ua-1 a-2u,ua-1 a-3u,ua-1' -d 'Make the PDF meet PDF/A or PDF/UA'
complete -c nashra -l dpi -x -d 'Resolution of png output'
complete -c nashra -l max-input-mb -x -d 'Refuse inputs larger than N megabytes'
complete -c nashra -l max-image-pixels -x -d 'Refuse a figure of more than N decoded pixels'
complete -c nashra -l check -d 'Parse and lay out, report problems, write nothing'
complete -c nashra -l depfile -r -F -d 'Also write a Makefile rule of the files the output was made from'
complete -c nashra -l css -r -F -d 'html: link this stylesheet instead of embedding one'
complete -c nashra -l fragment -d "html: write only the page's body"
complete -c nashra -l unsafe -d 'html: keep raw HTML and every URL'
complete -c nashra -l strict -d 'Treat warnings as errors'
complete -c nashra -s q -l quiet -d 'Do not print warnings'
complete -c nashra -s v -l verbose -d 'Print the time each stage takes'
complete -c nashra -l color -x -a 'auto always never' -d 'Colour diagnostics'
complete -c nashra -l list-templates -d 'List the built-in templates'
complete -c nashra -l print-template -x -a '(__nashra_templates)' -d "Print a built-in template's file"
complete -c nashra -s V -l version -d "Print the version and the libraries' versions"
complete -c nashra -s h -l help -d 'Print the options'
