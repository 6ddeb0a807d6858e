package assets

import (
	"fmt"
	"testing"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/stretchr/testify/assert"
)

func TestCountryForTel(t *testing.T) {
	cases := map[string]envs.Country{
		"+250788123456": "RW",
		"+12065551212":  "US",
		"+593979123456": "EC",
		"+442071838750": "GB",
		"0788123456":    "", // not E.164
		"+999":          "", // no such country code
		"+":             "",
		"":              "",
	}
	for path, want := range cases {
		// the first answer is parsed, the second remembered: both the same
		assert.Equal(t, want, CountryForTel(path), path)
		assert.Equal(t, want, CountryForTel(path), "%s, remembered", path)
		assert.Equal(t, want, parseTelCountry(path), "%s, parsed", path)
	}
}

func TestCountryForTelCacheBounded(t *testing.T) {
	for i := range 3 * TelCountryCacheSize {
		path := fmt.Sprintf("+2507881%05d", i)
		assert.Equal(t, envs.Country("RW"), CountryForTel(path))
	}
	assert.LessOrEqual(t, telCountries.Len(), 2*TelCountryCacheSize)
}

func BenchmarkCountryForTel(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		CountryForTel("+250788123456")
	}
}

func BenchmarkParseTelCountry(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		parseTelCountry("+250788123456")
	}
}
