{{/* The name of every object: the release name, or release-chart when the release name lacks the chart's. */}}
{{- define "vigil.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "vigil.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "vigil.labels" -}}
{{ include "vigil.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "vigil.validate" -}}
{{- if not (has .Values.mode (list "token" "serviceaccount" "snapshot")) -}}
{{- fail (printf "mode must be token, serviceaccount or snapshot, not %q" .Values.mode) -}}
{{- end -}}
{{- if and (eq .Values.mode "snapshot") (not .Values.snapshot.configMap) -}}
{{- fail "mode snapshot needs snapshot.configMap: the ConfigMap of manifests to serve" -}}
{{- end -}}
{{- end -}}
