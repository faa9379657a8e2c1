# bash completion for nashra: its commands, options, their values and input files.
# Installed as /usr/share/bash-completion/completions/nashra; needs no bash-completion helper.
# Every long option of `nashra --help` is listed here (tests/e2e/test_docs.py checks it).

_nashra()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    # `--to=p` comes as "--to" "=" "p" ('=' is in COMP_WORDBREAKS).
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    fi
    local templates
    case $prev in
        -t | --to)
            COMPREPLY=($(compgen -W 'pdf png html tree' -- "$cur"))
            return ;;
        -f | --from)
            COMPREPLY=($(compgen -W 'markdown text' -- "$cur"))
            return ;;
        --syntax)
            COMPREPLY=($(compgen -W 'nashra commonmark' -- "$cur"))
            return ;;
        --format)
            COMPREPLY=($(compgen -W 'text bibtex ris csl-json' -- "$cur"))
            return ;;
        --pdf-standard)
            COMPREPLY=($(compgen -W 'a-2b a-2u a-3u ua-1 a-2b,ua-1 a-2u,ua-1 a-3u,ua-1' -- "$cur"))
            return ;;
        --color)
            COMPREPLY=($(compgen -W 'auto always never' -- "$cur"))
            return ;;
        --print-template | --template)
            templates=$("${COMP_WORDS[0]}" --list-templates 2>/dev/null | cut -f1)
            COMPREPLY=($(compgen -W "${templates:-brief report memo}" -- "$cur"))
            if [[ $prev == --template ]]; then
                compopt -o filenames 2>/dev/null
                COMPREPLY+=($(compgen -f -- "$cur"))
            fi
            return ;;
        -o | --output | --depfile | --css)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
        -O | --output-dir | --font-path | --root)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -d -- "$cur"))
            return ;;
        -M | --metadata | --dpi | --max-input-mb | --max-image-pixels)
            return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '--output --output-dir --to --syntax --from --metadata
            --template --font-path --root --format --pdf-standard --dpi --max-input-mb
            --max-image-pixels --check --depfile --css --fragment --unsafe --strict --quiet
            --verbose --color
            --list-templates --print-template --version --help
            -o -O -t -f -M -q -v -V -h' -- "$cur"))
        return
    fi
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
    # The first word may also be a command.
    if [[ $COMP_CWORD -eq 1 ]]; then
        COMPREPLY+=($(compgen -W 'cite fonts watch query' -- "$cur"))
    fi
}
complete -F _nashra nashra
