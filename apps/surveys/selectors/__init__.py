"""Reads of the surveys, one module per noun: the anonymity rule, the dashboards'
satisfaction figures, who is asked, personal links, a programme's overview, a participant's
own surveys, and the results."""
