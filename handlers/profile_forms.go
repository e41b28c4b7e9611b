package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/talentcommunity/portal/models"
)

// The profile's forms, read from a request in one place: the profile's
// sections and the onboarding steps post the same fields.

func availabilityForm(c *fiber.Ctx) models.AvailabilityInput {
	return models.AvailabilityInput{Status: c.FormValue("status"), Until: c.FormValue("until")}
}

func preferencesForm(c *fiber.Ctx) models.PreferencesInput {
	return models.PreferencesInput{Roles: c.FormValue("roles"), Regions: c.FormValue("regions"),
		Workplaces: formValues(c, "workplaces"), EmploymentTypes: formValues(c, "employment_types")}
}

func contactForm(c *fiber.Ctx) models.ContactInput {
	return models.ContactInput{Frequency: c.FormValue("frequency"), Channels: formValues(c, "channels"), Phone: c.FormValue("phone")}
}
