# zsh -f zsh_complete.zsh OUT LINE: what zsh's completion system offers for the command line
# LINE (its last word being completed) with flow's completion script loaded, one match a line
# in OUT. Drives a real interactive zsh on a pseudo-terminal (zpty). zsh cuts a completion
# short when more input is waiting, so nothing more is typed until matches arrive (or 5 s
# pass); then a command writes OUT.done, which runs only after the completion is over.
zmodload zsh/zpty
out=$1
line=$2
: >$out
rm -f $out.done
zpty flowz zsh -f -i
zpty -w flowz "autoload -U compinit; compinit -u -D; source <(flow --completion zsh)"
# Record every match offered: compadd calls that only ask (-O, -A, -D) are passed through.
zpty -w flowz "compadd() { if [[ \" \$* \" == *' -'[AOD]' '* ]]; then builtin compadd \"\$@\"; return; fi; local -a hits; builtin compadd -A hits \"\$@\"; (( \$#hits )) && print -rl -- \$hits >>$out; builtin compadd \"\$@\"; }"
zpty -w flowz "zstyle ':completion:*' menu no; bindkey '^I' complete-word"
zpty -w -n flowz "$line"$'\t'
for i in {1..100}; do
  [[ -s $out ]] && break
  zpty -r -t flowz junk  # keep the terminal drained
  sleep 0.05
done
zpty -w flowz $'\C-u'"touch $out.done"
for i in {1..300}; do
  [[ -e $out.done ]] && break
  zpty -r -t flowz junk  # keep the terminal drained
  sleep 0.05
done
zpty -d flowz
[[ -e $out.done ]]
